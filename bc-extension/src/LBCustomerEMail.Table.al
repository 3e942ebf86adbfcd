// One row per e-mail the salesOrders page has resolved a customer for. Its primary key is the
// lock that makes "find or create the customer for this e-mail" safe under concurrency: two
// orders from a new buyer both try to insert the same key, the second waits for the first to
// commit, its insert fails, and it reads the first one's customer. Code[80] upper-cases, so the
// key ignores case as the hub's e-mail matching does.
table 50141 "LB Customer E-Mail"
{
    Caption = 'LedgerBridge Customer E-Mail';
    DataClassification = CustomerContent;

    fields
    {
        field(1; "E-Mail"; Code[80]) { Caption = 'E-Mail'; }
        field(2; "Customer No."; Code[20])
        {
            Caption = 'Customer No.';
            TableRelation = Customer;
        }
    }

    keys
    {
        key(PK; "E-Mail") { Clustered = true; }
    }
}
