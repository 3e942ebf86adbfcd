// Sales orders as the hub needs them beyond API v2.0. One POST creates the order with its lines
// (the salesOrderLines part) and the integration fields, which the standard API cannot carry;
// afterwards the integration fields stay readable, writable and filterable; three actions.
page 50100 "LB Sales Order API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'salesOrder';
    EntitySetName = 'salesOrders';
    Caption = 'LedgerBridge Sales Order';
    SourceTable = "Sales Header";
    SourceTableView = where("Document Type" = const(Order));
    ODataKeyFields = SystemId;
    InsertAllowed = true;
    DeleteAllowed = false;
    ModifyAllowed = true;
    DelayedInsert = true;
    Extensible = false;

    layout
    {
        area(Content)
        {
            repeater(Records)
            {
                // A request's fields are validated in this order: the customer first, so its
                // defaults apply, and the ship-to country before the rest of the address.
                field(id; Rec.SystemId) { Caption = 'Id'; Editable = false; }
                field(number; Rec."No.") { Caption = 'No.'; Editable = false; }
                field(customerNumber; Rec."Sell-to Customer No.") { Caption = 'Customer No.'; }
                field(currencyCode; Rec."Currency Code") { Caption = 'Currency Code'; }
                field(pricesIncludeTax; Rec."Prices Including VAT") { Caption = 'Prices Including VAT'; }
                // The Document Date, as the standard API's orderDate.
                field(orderDate; Rec."Document Date") { Caption = 'Order Date'; }
                field(externalDocumentNumber; Rec."External Document No.") { Caption = 'External Document No.'; }
                field(email; Rec."Sell-to E-Mail") { Caption = 'Email'; }
                field(phoneNumber; Rec."Sell-to Phone No.") { Caption = 'Phone No.'; }
                field(shipToCountry; Rec."Ship-to Country/Region Code") { Caption = 'Ship-to Country/Region Code'; }
                field(shipToName; Rec."Ship-to Name") { Caption = 'Ship-to Name'; }
                field(shipToAddressLine1; Rec."Ship-to Address") { Caption = 'Ship-to Address'; }
                field(shipToAddressLine2; Rec."Ship-to Address 2") { Caption = 'Ship-to Address 2'; }
                field(shipToPostCode; Rec."Ship-to Post Code") { Caption = 'Ship-to Post Code'; }
                field(shipToCity; Rec."Ship-to City") { Caption = 'Ship-to City'; }
                field(shipToState; Rec."Ship-to County") { Caption = 'Ship-to County'; }
                field(shipmentMethodCode; Rec."Shipment Method Code") { Caption = 'Shipment Method Code'; }
                field(status; Rec.Status) { Caption = 'Status'; Editable = false; }
                field(shopifyOrderId; Rec."LB Shopify Order Id") { Caption = 'Shopify Order Id'; }
                field(paymentTransactionId; Rec."LB Payment Transaction Id") { Caption = 'Payment Transaction Id'; }
                field(shippingAgentCode; ShippingAgentCode)
                {
                    Caption = 'Shipping Agent Code';

                    trigger OnValidate()
                    begin
                        SetShippingAgent(ShippingAgentCode);
                    end;
                }
                field(packageTrackingNumber; Rec."Package Tracking No.") { Caption = 'Package Tracking No.'; }
                field(totalAmountExcludingTax; Rec.Amount) { Caption = 'Amount'; Editable = false; }
                field(totalTaxAmount; TotalTaxAmount) { Caption = 'Total VAT Amount'; Editable = false; }
                field(totalAmountIncludingTax; Rec."Amount Including VAT") { Caption = 'Amount Including VAT'; Editable = false; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; Editable = false; }
                part(salesOrderLines; "LB Sales Order Line API")
                {
                    Caption = 'Lines';
                    EntityName = 'salesOrderLine';
                    EntitySetName = 'salesOrderLines';
                    // By SystemId, as parts that take deep inserts are linked: see SalesLineLB.TableExt.al.
                    SubPageLink = "LB Document Id" = field(SystemId);
                }
            }
        }
    }

    var
        ShippingAgentCode: Code[10];
        TotalTaxAmount: Decimal;

    trigger OnAfterGetRecord()
    begin
        ShippingAgentCode := Rec."Shipping Agent Code";
        Rec.CalcFields(Amount, "Amount Including VAT");
        TotalTaxAmount := Rec."Amount Including VAT" - Rec.Amount;
    end;

    trigger OnNewRecord(BelowxRec: Boolean)
    begin
        Rec."Document Type" := Rec."Document Type"::Order;
    end;

    // Insert(true) takes the number from the series and runs InitRecord, which resets the dates
    // a request sets. So the order is inserted first, as the Sales Order card does it, then the
    // customer is validated so its defaults apply (bill-to, ship-to, VAT business group, prices
    // including VAT, shipment method), then what the request gave where it differs from them.
    // The lines follow through the part, once the order has its number.
    trigger OnInsertRecord(BelowxRec: Boolean): Boolean
    var
        Requested: Record "Sales Header";
    begin
        Requested := Rec;
        Requested.TestField("Sell-to Customer No.");
        Rec.Init();
        Rec."Document Type" := Rec."Document Type"::Order;
        Rec.Insert(true);
        Rec.Validate("Sell-to Customer No.", Requested."Sell-to Customer No.");
        ApplyRequested(Requested);
        Rec.Modify(true);
        exit(false);
    end;

    local procedure ApplyRequested(Requested: Record "Sales Header")
    begin
        if Requested."Currency Code" <> Rec."Currency Code" then
            Rec.Validate("Currency Code", Requested."Currency Code");
        if Requested."Prices Including VAT" <> Rec."Prices Including VAT" then
            Rec.Validate("Prices Including VAT", Requested."Prices Including VAT");
        if (Requested."Document Date" <> 0D) and (Requested."Document Date" <> Rec."Document Date") then
            Rec.Validate("Document Date", Requested."Document Date");
        Rec.Validate("External Document No.", Requested."External Document No.");
        if Requested."Sell-to E-Mail" <> Rec."Sell-to E-Mail" then
            Rec.Validate("Sell-to E-Mail", Requested."Sell-to E-Mail");
        if Requested."Sell-to Phone No." <> Rec."Sell-to Phone No." then
            Rec.Validate("Sell-to Phone No.", Requested."Sell-to Phone No.");
        // Country first: changing it clears post code, city and county.
        if Requested."Ship-to Country/Region Code" <> Rec."Ship-to Country/Region Code" then
            Rec.Validate("Ship-to Country/Region Code", Requested."Ship-to Country/Region Code");
        if Requested."Ship-to Name" <> Rec."Ship-to Name" then
            Rec.Validate("Ship-to Name", Requested."Ship-to Name");
        if Requested."Ship-to Address" <> Rec."Ship-to Address" then
            Rec.Validate("Ship-to Address", Requested."Ship-to Address");
        if Requested."Ship-to Address 2" <> Rec."Ship-to Address 2" then
            Rec.Validate("Ship-to Address 2", Requested."Ship-to Address 2");
        // Post code before city and county: its lookup may fill them, the request's spelling wins.
        if Requested."Ship-to Post Code" <> Rec."Ship-to Post Code" then
            Rec.Validate("Ship-to Post Code", Requested."Ship-to Post Code");
        if Requested."Ship-to City" <> Rec."Ship-to City" then
            Rec.Validate("Ship-to City", Requested."Ship-to City");
        if Requested."Ship-to County" <> Rec."Ship-to County" then
            Rec.Validate("Ship-to County", Requested."Ship-to County");
        if Requested."Shipment Method Code" <> Rec."Shipment Method Code" then
            Rec.Validate("Shipment Method Code", Requested."Shipment Method Code");
        Rec."LB Shopify Order Id" := Requested."LB Shopify Order Id";
        Rec."LB Payment Transaction Id" := Requested."LB Payment Transaction Id";
        if Requested."Shipping Agent Code" <> Rec."Shipping Agent Code" then
            SetShippingAgent(Requested."Shipping Agent Code");
        Rec."Package Tracking No." := Requested."Package Tracking No.";
    end;

    // The warehouse names the carrier after the order was released. Validating the standard
    // field would demand Status = Open, so the code is checked against Shipping Agent and
    // assigned directly; it copies to the posted shipment like any other header field.
    local procedure SetShippingAgent(NewCode: Code[10])
    var
        ShippingAgent: Record "Shipping Agent";
    begin
        if NewCode <> '' then
            ShippingAgent.Get(NewCode);
        Rec."Shipping Agent Code" := NewCode;
    end;

    [ServiceEnabled]
    procedure release(var ActionContext: WebServiceActionContext)
    var
        ReleaseSalesDocument: Codeunit "Release Sales Document";
    begin
        ReleaseSalesDocument.PerformManualRelease(Rec);
    end;

    [ServiceEnabled]
    procedure reopen(var ActionContext: WebServiceActionContext)
    var
        ReleaseSalesDocument: Codeunit "Release Sales Document";
    begin
        ReleaseSalesDocument.PerformManualReopen(Rec);
    end;

    // Posts the shipment only (Ship = true, Invoice = false) for each line's Qty. to Ship.
    [ServiceEnabled]
    procedure ship(var ActionContext: WebServiceActionContext)
    var
        LBDocumentPosting: Codeunit "LB Document Posting";
    begin
        LBDocumentPosting.PostSalesShipment(Rec);
    end;
}
