// What the salesOrders page shows and takes, as Microsoft's API pages use "Sales Order Entity
// Buffer": the page works on this temporary record, and only LB Sales Order Buffer Mgt. touches
// Sales Header. So a request's fields are never validated on a header that does not exist yet:
// the header is inserted first (number series, InitRecord), then the customer is resolved and
// validated, then the request's fields in a fixed order (see LBSalesOrderBufferMgt.Codeunit.al).
table 50140 "LB Sales Order Buffer"
{
    Caption = 'LedgerBridge Sales Order Buffer';
    TableType = Temporary;
    DataClassification = CustomerContent;

    fields
    {
        // The Sales Header's SystemId: the page's key, and the link of the salesOrderLines part.
        field(1; Id; Guid) { Caption = 'Id'; }
        field(2; "No."; Code[20]) { Caption = 'No.'; }
        field(3; "Sell-to Customer No."; Code[20]) { Caption = 'Sell-to Customer No.'; }
        field(4; "Currency Code"; Code[10]) { Caption = 'Currency Code'; }
        field(5; "Prices Including VAT"; Boolean) { Caption = 'Prices Including VAT'; }
        field(6; "Document Date"; Date) { Caption = 'Document Date'; }
        field(7; "External Document No."; Code[35]) { Caption = 'External Document No.'; }
        field(8; "Sell-to E-Mail"; Text[80]) { Caption = 'Email'; }
        field(9; "Sell-to Phone No."; Text[30]) { Caption = 'Phone No.'; }
        field(10; "Ship-to Country/Region Code"; Code[10]) { Caption = 'Ship-to Country/Region Code'; }
        field(11; "Ship-to Name"; Text[100]) { Caption = 'Ship-to Name'; }
        field(12; "Ship-to Address"; Text[100]) { Caption = 'Ship-to Address'; }
        field(13; "Ship-to Address 2"; Text[50]) { Caption = 'Ship-to Address 2'; }
        field(14; "Ship-to Post Code"; Code[20]) { Caption = 'Ship-to Post Code'; }
        field(15; "Ship-to City"; Text[30]) { Caption = 'Ship-to City'; }
        field(16; "Ship-to County"; Text[30]) { Caption = 'Ship-to County'; }
        field(17; "Shipment Method Code"; Code[10]) { Caption = 'Shipment Method Code'; }
        field(18; Status; Enum "Sales Document Status") { Caption = 'Status'; }
        field(19; "LB Shopify Order Id"; Text[50]) { Caption = 'Shopify Order Id'; }
        field(20; "LB Payment Transaction Id"; Text[100]) { Caption = 'Payment Transaction Id'; }
        field(21; "Shipping Agent Code"; Code[10]) { Caption = 'Shipping Agent Code'; }
        // As Sales Header's in BC 24 (app.json): Text[30].
        field(22; "Package Tracking No."; Text[30]) { Caption = 'Package Tracking No.'; }
        field(23; Amount; Decimal) { Caption = 'Amount'; }
        field(24; "Total VAT Amount"; Decimal) { Caption = 'Total VAT Amount'; }
        field(25; "Amount Including VAT"; Decimal) { Caption = 'Amount Including VAT'; }
        field(26; "Last Modified Date Time"; DateTime) { Caption = 'Last Modified Date Time'; }
        // 1.3: the customer resolved inside the insert. With no Sell-to Customer No., the order's
        // customer is the one with this e-mail, or a new one made from the fields below.
        field(40; "Customer E-Mail"; Text[80]) { Caption = 'Customer E-Mail'; }
        field(41; "Customer Name"; Text[100]) { Caption = 'Customer Name'; }
        field(42; "Customer Type"; Enum "Contact Type") { Caption = 'Customer Type'; }
        field(43; "Customer Phone No."; Text[30]) { Caption = 'Customer Phone No.'; }
        field(44; "Customer Address"; Text[100]) { Caption = 'Customer Address'; }
        field(45; "Customer Address 2"; Text[50]) { Caption = 'Customer Address 2'; }
        field(46; "Customer City"; Text[30]) { Caption = 'Customer City'; }
        field(47; "Customer County"; Text[30]) { Caption = 'Customer County'; }
        field(48; "Customer Post Code"; Code[20]) { Caption = 'Customer Post Code'; }
        field(49; "Customer Country/Region Code"; Code[10]) { Caption = 'Customer Country/Region Code'; }
        field(50; "LB Customer Created"; Boolean) { Caption = 'Customer Created'; }
    }

    keys
    {
        key(PK; Id) { Clustered = true; }
    }
}
