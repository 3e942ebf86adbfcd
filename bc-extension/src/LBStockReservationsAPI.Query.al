// Units reserved against sales orders per item, variant and location (1.3): the demand side
// of each reservation (Source Type 37 = Sales Line, subtype 1 = Order) carries a negative
// quantity, so the sum is negative; the hub counts its absolute value.
query 50110 "LB Stock Reservations API"
{
    QueryType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'stockReservation';
    EntitySetName = 'stockReservations';
    Caption = 'LedgerBridge Stock Reservations';

    elements
    {
        dataitem(ReservationEntry; "Reservation Entry")
        {
            DataItemTableFilter = "Reservation Status" = const(Reservation), "Source Type" = const(37), "Source Subtype" = const(1);
            column(itemNumber; "Item No.") { Caption = 'Item No.'; }
            column(variantCode; "Variant Code") { Caption = 'Variant Code'; }
            column(locationCode; "Location Code") { Caption = 'Location Code'; }
            column(reservedQuantity; "Quantity (Base)") { Caption = 'Quantity (Base)'; Method = Sum; }
        }
    }
}
