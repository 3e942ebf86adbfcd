// Sales order lines: the salesOrderLines part of "LB Sales Order API", so one POST creates an
// order with its lines. Created and read here; later changes go through the standard API.
page 50106 "LB Sales Order Line API"
{
    PageType = API;
    APIPublisher = 'ledgerbridge';
    APIGroup = 'integration';
    APIVersion = 'v1.0';
    EntityName = 'salesOrderLine';
    EntitySetName = 'salesOrderLines';
    Caption = 'LedgerBridge Sales Order Line';
    SourceTable = "Sales Line";
    SourceTableView = where("Document Type" = const(Order));
    ODataKeyFields = SystemId;
    DelayedInsert = true;
    ModifyAllowed = false;
    DeleteAllowed = false;
    Extensible = false;

    layout
    {
        area(Content)
        {
            repeater(Records)
            {
                // Validated in this order, as on the Sales Order Subform: Type and No. first (the
                // item's or account's defaults), then variant, location, VAT group and description,
                // Quantity before Unit Price (a new quantity prices the line again), the discount last.
                field(id; Rec.SystemId) { Caption = 'Id'; Editable = false; }
                field(documentId; Rec."LB Document Id") { Caption = 'Document Id'; Editable = false; }
                field(sequence; Rec."Line No.") { Caption = 'Line No.'; Editable = false; }
                field(lineType; Rec.Type) { Caption = 'Type'; }
                field(lineObjectNumber; Rec."No.") { Caption = 'No.'; }
                field(variantCode; Rec."Variant Code") { Caption = 'Variant Code'; }
                field(locationCode; Rec."Location Code") { Caption = 'Location Code'; }
                field(taxCode; Rec."VAT Prod. Posting Group") { Caption = 'VAT Prod. Posting Group'; }
                field(description; Rec.Description) { Caption = 'Description'; }
                field(quantity; Rec.Quantity) { Caption = 'Quantity'; }
                field(unitPrice; Rec."Unit Price") { Caption = 'Unit Price'; }
                field(discountAmount; Rec."Line Discount Amount") { Caption = 'Line Discount Amount'; }
                field(taxPercent; Rec."VAT %") { Caption = 'VAT %'; Editable = false; }
                field(amountExcludingTax; Rec.Amount) { Caption = 'Amount'; Editable = false; }
                field(totalTaxAmount; TotalTaxAmount) { Caption = 'Total VAT Amount'; Editable = false; }
                field(amountIncludingTax; Rec."Amount Including VAT") { Caption = 'Amount Including VAT'; Editable = false; }
                field(lastModifiedDateTime; Rec.SystemModifiedAt) { Caption = 'Last Modified Date'; Editable = false; }
            }
        }
    }

    var
        TotalTaxAmount: Decimal;

    trigger OnAfterGetRecord()
    begin
        TotalTaxAmount := Rec."Amount Including VAT" - Rec.Amount;
    end;

    // The order comes from the part's link (its SystemId). Its type and number go on the line
    // before any field is validated, so No., Quantity and Unit Price see the order's customer,
    // currency and prices including VAT, as on the Sales Order Subform.
    trigger OnNewRecord(BelowxRec: Boolean)
    var
        SalesHeader: Record "Sales Header";
    begin
        SalesHeader.GetBySystemId(Rec."LB Document Id");
        SalesHeader.TestField("Document Type", SalesHeader."Document Type"::Order);
        Rec."Document Type" := SalesHeader."Document Type";
        Rec."Document No." := SalesHeader."No.";
    end;

    // The line goes after the order's last one.
    trigger OnInsertRecord(BelowxRec: Boolean): Boolean
    var
        SalesLine: Record "Sales Line";
    begin
        SalesLine.SetRange("Document Type", Rec."Document Type");
        SalesLine.SetRange("Document No.", Rec."Document No.");
        if SalesLine.FindLast() then
            Rec."Line No." := SalesLine."Line No." + 10000
        else
            Rec."Line No." := 10000;
        exit(true);
    end;
}
