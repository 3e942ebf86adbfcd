// Sales orders as the hub needs them beyond API v2.0. One POST creates the order with its lines
// (the salesOrderLines part) and the integration fields, which the standard API cannot carry,
// and (1.3) finds or creates its customer by e-mail in the same request; afterwards the
// integration fields stay readable, writable and filterable; three actions.
// Structured as Microsoft's API pages are: the page works on a buffer record
// ("LB Sales Order Buffer", as APIV2 - Sales Orders on "Sales Order Entity Buffer"), and
// LB Sales Order Buffer Mgt. inserts and changes the real Sales Header (see there).
page 50100 "LB Sales Order API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'salesOrder';
    EntitySetName = 'salesOrders';
    Caption = 'LedgerBridge Sales Order';
    SourceTable = "LB Sales Order Buffer";
    SourceTableTemporary = true;
    ODataKeyFields = Id;
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
                field(id; Rec.Id) { Caption = 'Id'; Editable = false; }
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
                field(shippingAgentCode; Rec."Shipping Agent Code") { Caption = 'Shipping Agent Code'; }
                field(packageTrackingNumber; Rec."Package Tracking No.") { Caption = 'Package Tracking No.'; }
                // 1.3: with customerNumber left out, the customer with this e-mail, or a new one
                // made from the customer fields below, all in the insert's transaction.
                field(customerEmail; Rec."Customer E-Mail") { Caption = 'Customer E-Mail'; }
                field(customerName; Rec."Customer Name") { Caption = 'Customer Name'; }
                field(customerType; Rec."Customer Type") { Caption = 'Customer Type'; }
                field(customerPhoneNumber; Rec."Customer Phone No.") { Caption = 'Customer Phone No.'; }
                field(customerAddressLine1; Rec."Customer Address") { Caption = 'Customer Address'; }
                field(customerAddressLine2; Rec."Customer Address 2") { Caption = 'Customer Address 2'; }
                field(customerCity; Rec."Customer City") { Caption = 'Customer City'; }
                field(customerState; Rec."Customer County") { Caption = 'Customer County'; }
                field(customerPostCode; Rec."Customer Post Code") { Caption = 'Customer Post Code'; }
                field(customerCountry; Rec."Customer Country/Region Code") { Caption = 'Customer Country/Region Code'; }
                field(customerCreated; Rec."LB Customer Created") { Caption = 'Customer Created'; Editable = false; }
                field(totalAmountExcludingTax; Rec.Amount) { Caption = 'Amount'; Editable = false; }
                field(totalTaxAmount; Rec."Total VAT Amount") { Caption = 'Total VAT Amount'; Editable = false; }
                field(totalAmountIncludingTax; Rec."Amount Including VAT") { Caption = 'Amount Including VAT'; Editable = false; }
                field(lastModifiedDateTime; Rec."Last Modified Date Time") { Caption = 'Last Modified Date'; Editable = false; }
                part(salesOrderLines; "LB Sales Order Line API")
                {
                    Caption = 'Lines';
                    EntityName = 'salesOrderLine';
                    EntitySetName = 'salesOrderLines';
                    // By the header's SystemId, as parts that take deep inserts are linked: see SalesLineLB.TableExt.al.
                    SubPageLink = "LB Document Id" = field(Id);
                }
            }
        }
    }

    var
        BufferMgt: Codeunit "LB Sales Order Buffer Mgt.";
        Loaded: Boolean;
        CannotChangeIdErr: Label 'The "id" cannot be changed.';

    // The buffer is filled once per request from the headers the filters select.
    trigger OnFindRecord(Which: Text): Boolean
    begin
        if not Loaded then begin
            BufferMgt.LoadOrders(Rec);
            Loaded := true;
        end;
        exit(Rec.Find(Which));
    end;

    // The header, its customer and its fields are written by BufferMgt; the buffer then shows
    // the inserted order, so the part's lines link to its SystemId.
    trigger OnInsertRecord(BelowxRec: Boolean): Boolean
    begin
        BufferMgt.PropagateInsert(Rec);
        Rec.Insert();
        exit(false);
    end;

    trigger OnModifyRecord(): Boolean
    begin
        if xRec.Id <> Rec.Id then
            Error(CannotChangeIdErr);
        BufferMgt.PropagateModify(Rec);
        Rec.Modify();
        exit(false);
    end;

    [ServiceEnabled]
    procedure release(var ActionContext: WebServiceActionContext)
    var
        SalesHeader: Record "Sales Header";
        ReleaseSalesDocument: Codeunit "Release Sales Document";
    begin
        BufferMgt.GetHeader(Rec, SalesHeader);
        ReleaseSalesDocument.PerformManualRelease(SalesHeader);
    end;

    [ServiceEnabled]
    procedure reopen(var ActionContext: WebServiceActionContext)
    var
        SalesHeader: Record "Sales Header";
        ReleaseSalesDocument: Codeunit "Release Sales Document";
    begin
        BufferMgt.GetHeader(Rec, SalesHeader);
        ReleaseSalesDocument.PerformManualReopen(SalesHeader);
    end;

    // Posts the shipment only (Ship = true, Invoice = false) for each line's Qty. to Ship.
    [ServiceEnabled]
    procedure ship(var ActionContext: WebServiceActionContext)
    var
        SalesHeader: Record "Sales Header";
        LBDocumentPosting: Codeunit "LB Document Posting";
    begin
        BufferMgt.GetHeader(Rec, SalesHeader);
        LBDocumentPosting.PostSalesShipment(SalesHeader);
    end;
}
