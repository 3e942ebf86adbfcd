// Purchase orders, read-only, with one action: post the receipt for each line's
// Qty. to Receive without invoicing (the standard API only has receiveAndInvoice).
page 50101 "LB Purchase Order API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'purchaseOrder';
    EntitySetName = 'purchaseOrders';
    Caption = 'LedgerBridge Purchase Order';
    SourceTable = "Purchase Header";
    SourceTableView = where("Document Type" = const(Order));
    ODataKeyFields = SystemId;
    Editable = false;
    InsertAllowed = false;
    DeleteAllowed = false;
    ModifyAllowed = false;
    Extensible = false;

    layout
    {
        area(Content)
        {
            repeater(Records)
            {
                field(id; Rec.SystemId) { Caption = 'Id'; }
                field(number; Rec."No.") { Caption = 'No.'; }
                field(vendorNumber; Rec."Buy-from Vendor No.") { Caption = 'Vendor No.'; }
                field(status; Rec.Status) { Caption = 'Status'; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; }
            }
        }
    }

    [ServiceEnabled]
    procedure receive(var ActionContext: WebServiceActionContext)
    var
        LBDocumentPosting: Codeunit "LB Document Posting";
    begin
        LBDocumentPosting.PostPurchaseReceipt(Rec);
    end;
}
