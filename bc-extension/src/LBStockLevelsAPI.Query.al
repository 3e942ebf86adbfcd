// Stock per item, variant and location, summed from Item Ledger Entries: what the
// standard API cannot give (items.inventory is one total over all locations).
query 50104 "LB Stock Levels API"
{
    QueryType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'stockLevel';
    EntitySetName = 'stockLevels';
    Caption = 'LedgerBridge Stock Levels';

    elements
    {
        dataitem(ItemLedgerEntry; "Item Ledger Entry")
        {
            column(itemNumber; "Item No.") { Caption = 'Item No.'; }
            column(variantCode; "Variant Code") { Caption = 'Variant Code'; }
            column(locationCode; "Location Code") { Caption = 'Location Code'; }
            column(quantity; Quantity) { Caption = 'Quantity'; Method = Sum; }
        }
    }
}
