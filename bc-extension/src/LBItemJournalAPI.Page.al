// Item journal batches, with their lines as a part and one action: post the whole batch
// (Item Jnl.-Post Batch). Use a dedicated batch for the hub; never post it from two workers.
page 50102 "LB Item Journal API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'itemJournal';
    EntitySetName = 'itemJournals';
    Caption = 'LedgerBridge Item Journal';
    SourceTable = "Item Journal Batch";
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
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; }
                part(itemJournalLines; "LB Item Journal Line API")
                {
                    Caption = 'Lines';
                    EntityName = 'itemJournalLine';
                    EntitySetName = 'itemJournalLines';
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
        LBDocumentPosting.PostItemJournalBatch(Rec);
    end;
}
