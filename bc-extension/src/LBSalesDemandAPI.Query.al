// Outstanding sales-order quantity per item, variant and location (1.3): units BC has
// promised to customers but not shipped yet. With stockLevels it gives available-to-sell
// without reading a single sales line.
query 50109 "LB Sales Demand API"
{
    QueryType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'salesDemand';
    EntitySetName = 'salesDemand';
    Caption = 'LedgerBridge Sales Demand';

    elements
    {
        dataitem(SalesLine; "Sales Line")
        {
            DataItemTableFilter = "Document Type" = const(Order), Type = const(Item), "Outstanding Qty. (Base)" = filter(<> 0);
            column(itemNumber; "No.") { Caption = 'Item No.'; }
            column(variantCode; "Variant Code") { Caption = 'Variant Code'; }
            column(locationCode; "Location Code") { Caption = 'Location Code'; }
            column(outstandingQuantity; "Outstanding Qty. (Base)") { Caption = 'Outstanding Qty. (Base)'; Method = Sum; }
        }
    }
}
