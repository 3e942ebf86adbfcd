// The two references the hub keeps on a sales order. Dedicated, indexed fields because
// External Document No. is neither unique nor case-preserving (Code[35]).
tableextension 50100 "LB Sales Header" extends "Sales Header"
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

    keys
    {
        key(LBShopifyOrderId; "LB Shopify Order Id") { }
        key(LBPaymentTransactionId; "LB Payment Transaction Id") { }
    }
}
