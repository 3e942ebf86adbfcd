// Same field numbers as on Sales Header, so the posted invoice keeps the references after
// BC deletes the fully posted order. Not published through the API.
tableextension 50102 "LB Sales Invoice Header" extends "Sales Invoice Header"
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
