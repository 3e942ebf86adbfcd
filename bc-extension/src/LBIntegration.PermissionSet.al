// What the hub's Entra application needs for this extension's objects. Assign it together
// with Microsoft's permission sets for the standard API and posting (see README).
permissionset 50100 "LB INTEGRATION"
{
    Assignable = true;
    Caption = 'LedgerBridge integration';

    Permissions =
        page "LB Sales Order API" = X,
        page "LB Sales Order Line API" = X,
        page "LB Purchase Order API" = X,
        page "LB Item Journal API" = X,
        page "LB Item Journal Line API" = X,
        page "LB Item Reference API" = X,
        page "LB Cash Receipt Journal API" = X,
        page "LB Cash Receipt Line API" = X,
        query "LB Stock Levels API" = X,
        query "LB Sales Demand API" = X,
        query "LB Stock Reservations API" = X,
        codeunit "LB Document Posting" = X,
        codeunit "LB Sales Order Buffer Mgt." = X,
        table "LB Sales Order Buffer" = X,
        table "LB Customer E-Mail" = X,
        tabledata "LB Customer E-Mail" = RIM,
        tabledata Customer = RIM,
        tabledata "Sales Header" = RIM,
        tabledata "Sales Line" = RI,
        tabledata "Purchase Header" = R,
        tabledata "Shipping Agent" = R,
        tabledata "Item Journal Batch" = R,
        tabledata "Item Journal Line" = RIMD,
        tabledata "Item Ledger Entry" = R,
        tabledata "Reservation Entry" = R,
        tabledata "Item Reference" = R,
        tabledata "Gen. Journal Batch" = R,
        tabledata "Gen. Journal Line" = RIMD;
}
