// Same field numbers as on Sales Header, so posting (TransferFields) carries the
// references to the posted shipment. Not published through the API.
tableextension 50101 "LB Sales Shipment Header" extends "Sales Shipment Header"
{
    fields
    {
        field(50100; "LB Shopify Order Id"; Text[50])
        {
            Caption = 'Shopify Order Id';
            DataClassification = CustomerContent;
        }
        field(50101; "LB Payment Transaction Id"; Text[100])
        {
            Caption = 'Payment Transaction Id';
            DataClassification = CustomerContent;
        }
    }
}
