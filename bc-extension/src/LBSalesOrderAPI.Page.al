// Sales orders as the hub needs them beyond API v2.0: the integration fields (readable,
// writable, filterable) and three actions. Orders are created through the standard
// salesOrders API; this page only reads and amends them.
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
    InsertAllowed = false;
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
                field(id; Rec.SystemId) { Caption = 'Id'; Editable = false; }
                field(number; Rec."No.") { Caption = 'No.'; Editable = false; }
                field(externalDocumentNumber; Rec."External Document No.") { Caption = 'External Document No.'; Editable = false; }
                field(customerNumber; Rec."Sell-to Customer No.") { Caption = 'Customer No.'; Editable = false; }
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
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; Editable = false; }
            }
        }
    }

    var
        ShippingAgentCode: Code[10];

    trigger OnAfterGetRecord()
    begin
        ShippingAgentCode := Rec."Shipping Agent Code";
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
