// Cash receipt lines: a customer payment or refund applied to one open customer document
// (an invoice, a credit memo, a payment), or a G/L line such as a currency conversion
// difference, each with its own balancing account (the clearing account of its gateway).
// The standard customerPayments page only writes Document Type Payment applied to an invoice,
// with the batch's balancing account: refunds, credit memos and per-gateway clearing need this.
page 50108 "LB Cash Receipt Line API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'cashReceiptLine';
    EntitySetName = 'cashReceiptLines';
    Caption = 'LedgerBridge Cash Receipt Line';
    SourceTable = "Gen. Journal Line";
    ODataKeyFields = SystemId;
    DelayedInsert = true;
    AutoSplitKey = true;
    DeleteAllowed = true;
    Extensible = false;

    layout
    {
        area(Content)
        {
            repeater(Records)
            {
                field(id; Rec.SystemId) { Caption = 'Id'; Editable = false; }
                field(journalTemplateName; Rec."Journal Template Name") { Caption = 'Journal Template Name'; }
                field(journalBatchName; Rec."Journal Batch Name") { Caption = 'Journal Batch Name'; }
                field(lineNumber; Rec."Line No.") { Caption = 'Line No.'; Editable = false; }
                field(postingDate; Rec."Posting Date") { Caption = 'Posting Date'; }
                field(documentType; Rec."Document Type") { Caption = 'Document Type'; }
                field(documentNumber; Rec."Document No.") { Caption = 'Document No.'; }
                field(externalDocumentNumber; Rec."External Document No.") { Caption = 'External Document No.'; }
                field(accountType; Rec."Account Type") { Caption = 'Account Type'; }
                field(accountNumber; Rec."Account No.") { Caption = 'Account No.'; }
                field(balancingAccountType; Rec."Bal. Account Type") { Caption = 'Bal. Account Type'; }
                field(balancingAccountNumber; Rec."Bal. Account No.") { Caption = 'Bal. Account No.'; }
                field(amount; Rec.Amount) { Caption = 'Amount'; }
                field(appliesToDocumentType; Rec."Applies-to Doc. Type") { Caption = 'Applies-to Doc. Type'; }
                field(appliesToDocumentNumber; Rec."Applies-to Doc. No.") { Caption = 'Applies-to Doc. No.'; }
                field(description; Rec.Description) { Caption = 'Description'; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; Editable = false; }
            }
        }
    }

    trigger OnInsertRecord(BelowxRec: Boolean): Boolean
    var
        GenJournalBatch: Record "Gen. Journal Batch";
    begin
        // The batch must exist and be a cash receipt batch: a typo must fail, not create lines nobody posts.
        GenJournalBatch.Get(Rec."Journal Template Name", Rec."Journal Batch Name");
        GenJournalBatch.TestField("Template Type", GenJournalBatch."Template Type"::"Cash Receipts");
        exit(true);
    end;
}
