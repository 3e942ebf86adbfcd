// The two references the hub keeps on a sales order (and whether the hub's insert created its customer). Dedicated, indexed fields because
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
        // 1.3: the order's customer was created by the salesOrders page's insert, for review.
        field(50102; "LB Customer Created"; Boolean)
        {
            Caption = 'Customer Created';
            DataClassification = SystemMetadata;
        }
    }

    keys
    {
        key(LBShopifyOrderId; "LB Shopify Order Id") { }
        key(LBPaymentTransactionId; "LB Payment Transaction Id") { }
    }
}
