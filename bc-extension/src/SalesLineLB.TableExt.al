// The SystemId of the line's sales header. Parts that take deep inserts are linked to their
// parent by SystemId (as Microsoft's API pages and the custom API walkthrough do), so the
// salesOrderLines part of "LB Sales Order API" links by this field. Not published itself.
tableextension 50103 "LB Sales Line" extends "Sales Line"
{
    fields
    {
        field(50100; "LB Document Id"; Guid)
        {
            Caption = 'Document Id';
            DataClassification = SystemMetadata;
        }
    }

    keys
    {
        key(LBDocumentId; "LB Document Id") { }
    }

    // Every line gets it, wherever it is created (UI, standard API, this extension), so the part
    // lists all lines of an order. Lines that existed before the extension was installed have
    // none; the hub reads lines through the standard API.
    trigger OnBeforeInsert()
    var
        SalesHeader: Record "Sales Header";
    begin
        if IsNullGuid(Rec."LB Document Id") and SalesHeader.Get(Rec."Document Type", Rec."Document No.") then
            Rec."LB Document Id" := SalesHeader.SystemId;
    end;
}
