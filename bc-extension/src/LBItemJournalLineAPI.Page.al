// Item journal lines: positive and negative adjustments per item, variant and location,
// as the warehouse reports write-offs, damages and found stock.
page 50103 "LB Item Journal Line API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'itemJournalLine';
    EntitySetName = 'itemJournalLines';
    Caption = 'LedgerBridge Item Journal Line';
    SourceTable = "Item Journal Line";
    ODataKeyFields = SystemId;
    DelayedInsert = true;
    AutoSplitKey = true;
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
                field(entryType; Rec."Entry Type") { Caption = 'Entry Type'; }
                field(postingDate; Rec."Posting Date") { Caption = 'Posting Date'; }
                field(documentNumber; Rec."Document No.") { Caption = 'Document No.'; }
                field(externalDocumentNumber; Rec."External Document No.") { Caption = 'External Document No.'; }
                field(itemNumber; Rec."Item No.") { Caption = 'Item No.'; }
                field(variantCode; Rec."Variant Code") { Caption = 'Variant Code'; }
                field(locationCode; Rec."Location Code") { Caption = 'Location Code'; }
                field(quantity; Rec.Quantity) { Caption = 'Quantity'; }
                field(description; Rec.Description) { Caption = 'Description'; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; Editable = false; }
            }
        }
    }

    trigger OnInsertRecord(BelowxRec: Boolean): Boolean
    var
        ItemJournalBatch: Record "Item Journal Batch";
    begin
        // The batch must exist: a typo must fail, not create lines nobody posts.
        ItemJournalBatch.Get(Rec."Journal Template Name", Rec."Journal Batch Name");
        exit(true);
    end;
}
