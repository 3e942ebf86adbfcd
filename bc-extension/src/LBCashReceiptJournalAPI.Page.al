// Cash receipt journal batches (the Cash Receipts template the standard customerPaymentJournals
// show), with their lines as a part and one action: post the whole batch (Gen. Jnl.-Post
// Batch). The standard API can create customer payments in such a batch but cannot post it.
page 50107 "LB Cash Receipt Journal API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'cashReceiptJournal';
    EntitySetName = 'cashReceiptJournals';
    Caption = 'LedgerBridge Cash Receipt Journal';
    SourceTable = "Gen. Journal Batch";
    SourceTableView = where("Template Type" = const("Cash Receipts"), Recurring = const(false));
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
                field(templateName; Rec."Journal Template Name") { Caption = 'Journal Template Name'; }
                field(code; Rec.Name) { Caption = 'Name'; }
                field(description; Rec.Description) { Caption = 'Description'; }
                field(balancingAccountNumber; Rec."Bal. Account No.") { Caption = 'Bal. Account No.'; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; }
                part(cashReceiptLines; "LB Cash Receipt Line API")
                {
                    Caption = 'Lines';
                    EntityName = 'cashReceiptLine';
                    EntitySetName = 'cashReceiptLines';
                    SubPageLink = "Journal Template Name" = field("Journal Template Name"), "Journal Batch Name" = field(Name);
                }
            }
        }
    }

    [ServiceEnabled]
    procedure post(var ActionContext: WebServiceActionContext)
    var
        LBDocumentPosting: Codeunit "LB Document Posting";
    begin
        LBDocumentPosting.PostGenJournalBatch(Rec);
    end;
}
