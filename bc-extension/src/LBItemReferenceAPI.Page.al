// Item references (read-only): barcodes of items and their variants, so a Shopify
// barcode resolves to an item and variant without a UI web service.
page 50105 "LB Item Reference API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'itemReference';
    EntitySetName = 'itemReferences';
    Caption = 'LedgerBridge Item Reference';
    SourceTable = "Item Reference";
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
                field(itemNumber; Rec."Item No.") { Caption = 'Item No.'; }
                field(variantCode; Rec."Variant Code") { Caption = 'Variant Code'; }
                field(unitOfMeasureCode; Rec."Unit of Measure") { Caption = 'Unit of Measure'; }
                field(referenceType; Rec."Reference Type") { Caption = 'Reference Type'; }
                field(referenceNumber; Rec."Reference No.") { Caption = 'Reference No.'; }
                field(description; Rec.Description) { Caption = 'Description'; }
            }
        }
    }
}
