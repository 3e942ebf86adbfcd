// Between the salesOrders page's buffer and Sales Header, as Microsoft's "Graph Mgt - Sales
// Order Buffer" is for the standard API: reads load buffer records from the headers the page's
// filters select; an insert resolves the customer, inserts the header, validates the request's
// fields on it and copies the result back; a change validates the changed fields only.
codeunit 50101 "LB Sales Order Buffer Mgt."
{
    Permissions = tabledata "Sales Header" = RIM, tabledata Customer = RIM, tabledata "LB Customer E-Mail" = RIM;

    var
        NoCustomerErr: Label 'Give "customerNumber" or "customerEmail" for the sales order.';
        AllBlockedErr: Label 'Every customer with the e-mail %1 is blocked (%2).', Comment = '%1 = e-mail, %2 = customer numbers';

    // Filters the hub uses (id, shopifyOrderId, externalDocumentNumber, number) go to the
    // header's own keys, so a lookup never loads more than the orders it names.
    procedure LoadOrders(var Buffer: Record "LB Sales Order Buffer")
    var
        SalesHeader: Record "Sales Header";
        Filtered: Record "LB Sales Order Buffer" temporary;
    begin
        Filtered.CopyFilters(Buffer);
        Buffer.Reset();
        Buffer.DeleteAll();
        SalesHeader.SetRange("Document Type", SalesHeader."Document Type"::Order);
        if Filtered.GetFilter(Id) <> '' then
            SalesHeader.SetFilter(SystemId, Filtered.GetFilter(Id));
        if Filtered.GetFilter("LB Shopify Order Id") <> '' then
            SalesHeader.SetFilter("LB Shopify Order Id", Filtered.GetFilter("LB Shopify Order Id"));
        if Filtered.GetFilter("External Document No.") <> '' then
            SalesHeader.SetFilter("External Document No.", Filtered.GetFilter("External Document No."));
        if Filtered.GetFilter("No.") <> '' then
            SalesHeader.SetFilter("No.", Filtered.GetFilter("No."));
        if SalesHeader.FindSet() then
            repeat
                TransferFromHeader(SalesHeader, Buffer);
                Buffer.Insert();
            until SalesHeader.Next() = 0;
        Buffer.CopyFilters(Filtered);
    end;

    // The header is inserted first (number series, InitRecord), as the Sales Order card does,
    // then the customer validated so its defaults apply, then what the request gave where it
    // differs from them. All in the request's transaction: a failing line undoes the customer too.
    procedure PropagateInsert(var Buffer: Record "LB Sales Order Buffer")
    var
        SalesHeader: Record "Sales Header";
        CustomerNo: Code[20];
        Created: Boolean;
    begin
        CustomerNo := ResolveCustomer(Buffer, Created);
        SalesHeader.Init();
        SalesHeader."Document Type" := SalesHeader."Document Type"::Order;
        SalesHeader.Insert(true);
        SalesHeader.Validate("Sell-to Customer No.", CustomerNo);
        ApplyRequested(SalesHeader, Buffer, true);
        SalesHeader."LB Customer Created" := Created;
        SalesHeader.Modify(true);
        TransferFromHeader(SalesHeader, Buffer);
    end;

    procedure PropagateModify(var Buffer: Record "LB Sales Order Buffer")
    var
        SalesHeader: Record "Sales Header";
    begin
        SalesHeader.GetBySystemId(Buffer.Id);
        ApplyRequested(SalesHeader, Buffer, false);
        SalesHeader.Modify(true);
        TransferFromHeader(SalesHeader, Buffer);
    end;

    procedure GetHeader(Buffer: Record "LB Sales Order Buffer"; var SalesHeader: Record "Sales Header")
    begin
        SalesHeader.GetBySystemId(Buffer.Id);
    end;

    // Customer No. given: that customer. Otherwise the customer for the e-mail, found or made
    // once: the hub's own earlier customer for it, a customer people entered with it (the
    // lowest unblocked number), or a new one. Inserting the e-mail's key row is the lock.
    local procedure ResolveCustomer(var Buffer: Record "LB Sales Order Buffer"; var Created: Boolean): Code[20]
    var
        CustomerEMail: Record "LB Customer E-Mail";
        CustomerNo: Code[20];
        EMailKey: Code[80];
    begin
        Created := false;
        if Buffer."Sell-to Customer No." <> '' then
            exit(Buffer."Sell-to Customer No.");
        EMailKey := CopyStr(DelChr(Buffer."Customer E-Mail", '<>', ' '), 1, MaxStrLen(EMailKey));
        if EMailKey = '' then
            Error(NoCustomerErr);
        if CustomerEMail.Get(EMailKey) then
            if IsUsable(CustomerEMail."Customer No.") then
                exit(CustomerEMail."Customer No.");
        if FindByEMail(Buffer."Customer E-Mail", CustomerNo) then begin
            RememberEMail(EMailKey, CustomerNo);
            exit(CustomerNo);
        end;
        CustomerEMail.Init();
        CustomerEMail."E-Mail" := EMailKey;
        // Another request for this e-mail inserted it first (and committed, or we would still wait).
        if not CustomerEMail.Insert() then begin
            CustomerEMail.Get(EMailKey);
            exit(CustomerEMail."Customer No.");
        end;
        CustomerNo := CreateCustomer(Buffer);
        CustomerEMail."Customer No." := CustomerNo;
        CustomerEMail.Modify();
        Created := true;
        exit(CustomerNo);
    end;

    local procedure IsUsable(CustomerNo: Code[20]): Boolean
    var
        Customer: Record Customer;
    begin
        if not Customer.Get(CustomerNo) then
            exit(false);
        exit(Customer.Blocked = Customer.Blocked::" ");
    end;

    // ASSUMED: SetRange on E-Mail ignores case because BC online's database collation does;
    // the partner checklist in README.md confirms it on a sandbox.
    local procedure FindByEMail(EMail: Text[80]; var CustomerNo: Code[20]): Boolean
    var
        Customer: Record Customer;
        Numbers: Text;
    begin
        Customer.SetCurrentKey("No.");
        Customer.SetRange("E-Mail", DelChr(EMail, '<>', ' '));
        if Customer.IsEmpty() then
            exit(false);
        Customer.SetRange(Blocked, Customer.Blocked::" ");
        if Customer.FindFirst() then begin
            CustomerNo := Customer."No.";
            exit(true);
        end;
        Customer.SetRange(Blocked);
        Customer.FindSet();
        repeat
            Numbers += Customer."No." + ' ';
        until Customer.Next() = 0;
        Error(AllBlockedErr, EMail, DelChr(Numbers, '>', ' '));
    end;

    local procedure RememberEMail(EMailKey: Code[80]; CustomerNo: Code[20])
    var
        CustomerEMail: Record "LB Customer E-Mail";
    begin
        if CustomerEMail.Get(EMailKey) then begin
            CustomerEMail."Customer No." := CustomerNo;
            CustomerEMail.Modify();
        end else begin
            CustomerEMail."E-Mail" := EMailKey;
            CustomerEMail."Customer No." := CustomerNo;
            if CustomerEMail.Insert() then;
        end;
    end;

    // Insert(true) takes the number from the customer series and applies BC's own defaults;
    // the request's fields are validated after, as on the Customer card.
    local procedure CreateCustomer(Buffer: Record "LB Sales Order Buffer"): Code[20]
    var
        Customer: Record Customer;
    begin
        Customer.Init();
        Customer.Insert(true);
        Customer.Validate(Name, Buffer."Customer Name");
        Customer.Validate("Contact Type", Buffer."Customer Type");
        Customer.Validate("E-Mail", DelChr(Buffer."Customer E-Mail", '<>', ' '));
        if Buffer."Customer Phone No." <> '' then
            Customer.Validate("Phone No.", Buffer."Customer Phone No.");
        // Country first: changing it clears post code, city and county.
        if Buffer."Customer Country/Region Code" <> '' then
            Customer.Validate("Country/Region Code", Buffer."Customer Country/Region Code");
        Customer.Validate(Address, Buffer."Customer Address");
        Customer.Validate("Address 2", Buffer."Customer Address 2");
        if Buffer."Customer Post Code" <> '' then
            Customer.Validate("Post Code", Buffer."Customer Post Code");
        if Buffer."Customer City" <> '' then
            Customer.Validate(City, Buffer."Customer City");
        if Buffer."Customer County" <> '' then
            Customer.Validate(County, Buffer."Customer County");
        Customer.Modify(true);
        exit(Customer."No.");
    end;

    // On insert (Always) every given field; on a change only those that differ from the header.
    local procedure ApplyRequested(var SalesHeader: Record "Sales Header"; Requested: Record "LB Sales Order Buffer"; Always: Boolean)
    var
        ShippingAgent: Record "Shipping Agent";
    begin
        if Requested."Currency Code" <> SalesHeader."Currency Code" then
            SalesHeader.Validate("Currency Code", Requested."Currency Code");
        if Requested."Prices Including VAT" <> SalesHeader."Prices Including VAT" then
            SalesHeader.Validate("Prices Including VAT", Requested."Prices Including VAT");
        if (Requested."Document Date" <> 0D) and (Requested."Document Date" <> SalesHeader."Document Date") then
            SalesHeader.Validate("Document Date", Requested."Document Date");
        if Always or (Requested."External Document No." <> SalesHeader."External Document No.") then
            SalesHeader.Validate("External Document No.", Requested."External Document No.");
        if Requested."Sell-to E-Mail" <> SalesHeader."Sell-to E-Mail" then
            SalesHeader.Validate("Sell-to E-Mail", Requested."Sell-to E-Mail");
        if Requested."Sell-to Phone No." <> SalesHeader."Sell-to Phone No." then
            SalesHeader.Validate("Sell-to Phone No.", Requested."Sell-to Phone No.");
        // Country first: changing it clears post code, city and county.
        if Requested."Ship-to Country/Region Code" <> SalesHeader."Ship-to Country/Region Code" then
            SalesHeader.Validate("Ship-to Country/Region Code", Requested."Ship-to Country/Region Code");
        if Requested."Ship-to Name" <> SalesHeader."Ship-to Name" then
            SalesHeader.Validate("Ship-to Name", Requested."Ship-to Name");
        if Requested."Ship-to Address" <> SalesHeader."Ship-to Address" then
            SalesHeader.Validate("Ship-to Address", Requested."Ship-to Address");
        if Requested."Ship-to Address 2" <> SalesHeader."Ship-to Address 2" then
            SalesHeader.Validate("Ship-to Address 2", Requested."Ship-to Address 2");
        // Post code before city and county: its lookup may fill them, the request's spelling wins.
        if Requested."Ship-to Post Code" <> SalesHeader."Ship-to Post Code" then
            SalesHeader.Validate("Ship-to Post Code", Requested."Ship-to Post Code");
        if Requested."Ship-to City" <> SalesHeader."Ship-to City" then
            SalesHeader.Validate("Ship-to City", Requested."Ship-to City");
        if Requested."Ship-to County" <> SalesHeader."Ship-to County" then
            SalesHeader.Validate("Ship-to County", Requested."Ship-to County");
        if Requested."Shipment Method Code" <> SalesHeader."Shipment Method Code" then
            SalesHeader.Validate("Shipment Method Code", Requested."Shipment Method Code");
        SalesHeader."LB Shopify Order Id" := Requested."LB Shopify Order Id";
        SalesHeader."LB Payment Transaction Id" := Requested."LB Payment Transaction Id";
        // The warehouse names the carrier after release: checked against Shipping Agent and
        // assigned without the standard field's Status = Open test.
        if Requested."Shipping Agent Code" <> SalesHeader."Shipping Agent Code" then begin
            if Requested."Shipping Agent Code" <> '' then
                ShippingAgent.Get(Requested."Shipping Agent Code");
            SalesHeader."Shipping Agent Code" := Requested."Shipping Agent Code";
        end;
        SalesHeader."Package Tracking No." := Requested."Package Tracking No.";
    end;

    procedure TransferFromHeader(var SalesHeader: Record "Sales Header"; var Buffer: Record "LB Sales Order Buffer")
    begin
        SalesHeader.CalcFields(Amount, "Amount Including VAT");
        Buffer.Init();
        Buffer.Id := SalesHeader.SystemId;
        Buffer."No." := SalesHeader."No.";
        Buffer."Sell-to Customer No." := SalesHeader."Sell-to Customer No.";
        Buffer."Currency Code" := SalesHeader."Currency Code";
        Buffer."Prices Including VAT" := SalesHeader."Prices Including VAT";
        Buffer."Document Date" := SalesHeader."Document Date";
        Buffer."External Document No." := SalesHeader."External Document No.";
        Buffer."Sell-to E-Mail" := SalesHeader."Sell-to E-Mail";
        Buffer."Sell-to Phone No." := SalesHeader."Sell-to Phone No.";
        Buffer."Ship-to Country/Region Code" := SalesHeader."Ship-to Country/Region Code";
        Buffer."Ship-to Name" := SalesHeader."Ship-to Name";
        Buffer."Ship-to Address" := SalesHeader."Ship-to Address";
        Buffer."Ship-to Address 2" := SalesHeader."Ship-to Address 2";
        Buffer."Ship-to Post Code" := SalesHeader."Ship-to Post Code";
        Buffer."Ship-to City" := SalesHeader."Ship-to City";
        Buffer."Ship-to County" := SalesHeader."Ship-to County";
        Buffer."Shipment Method Code" := SalesHeader."Shipment Method Code";
        Buffer.Status := SalesHeader.Status;
        Buffer."LB Shopify Order Id" := SalesHeader."LB Shopify Order Id";
        Buffer."LB Payment Transaction Id" := SalesHeader."LB Payment Transaction Id";
        Buffer."Shipping Agent Code" := SalesHeader."Shipping Agent Code";
        Buffer."Package Tracking No." := SalesHeader."Package Tracking No.";
        Buffer.Amount := SalesHeader.Amount;
        Buffer."Amount Including VAT" := SalesHeader."Amount Including VAT";
        Buffer."Total VAT Amount" := SalesHeader."Amount Including VAT" - SalesHeader.Amount;
        Buffer."Last Modified Date Time" := SalesHeader.SystemModifiedAt;
        Buffer."LB Customer Created" := SalesHeader."LB Customer Created";
    end;
}
