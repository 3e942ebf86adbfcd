// The posting behind the API actions, calling BC's own posting codeunits. Each action
// commits; never call these inside an `Isolation: snapshot` $batch.
codeunit 50100 "LB Document Posting"
{
    var
        NothingToPostErr: Label 'There is nothing to post in item journal batch %1 %2.', Comment = '%1 = template, %2 = batch';
        NothingToPostGenErr: Label 'There is nothing to post in journal batch %1 %2.', Comment = '%1 = template, %2 = batch';

    // Ship = true, Invoice = false: a shipment for each line's Qty. to Ship, no invoice.
    procedure PostSalesShipment(var SalesHeader: Record "Sales Header")
    begin
        SalesHeader.Ship := true;
        SalesHeader.Invoice := false;
        Codeunit.Run(Codeunit::"Sales-Post", SalesHeader);
    end;

    // Receive = true, Invoice = false: a receipt for each line's Qty. to Receive.
    procedure PostPurchaseReceipt(var PurchaseHeader: Record "Purchase Header")
    begin
        PurchaseHeader.Receive := true;
        PurchaseHeader.Invoice := false;
        Codeunit.Run(Codeunit::"Purch.-Post", PurchaseHeader);
    end;

    procedure PostItemJournalBatch(ItemJournalBatch: Record "Item Journal Batch")
    var
        ItemJournalLine: Record "Item Journal Line";
    begin
        ItemJournalLine.SetRange("Journal Template Name", ItemJournalBatch."Journal Template Name");
        ItemJournalLine.SetRange("Journal Batch Name", ItemJournalBatch.Name);
        if not ItemJournalLine.FindFirst() then
            Error(NothingToPostErr, ItemJournalBatch."Journal Template Name", ItemJournalBatch.Name);
        Codeunit.Run(Codeunit::"Item Jnl.-Post Batch", ItemJournalLine);
    end;

    // Every line of a general journal batch (cash receipts): Gen. Jnl.-Post Batch checks each
    // line, balances each document and applies payments and refunds to their Applies-to documents.
    procedure PostGenJournalBatch(GenJournalBatch: Record "Gen. Journal Batch")
    var
        GenJournalLine: Record "Gen. Journal Line";
    begin
        GenJournalLine.SetRange("Journal Template Name", GenJournalBatch."Journal Template Name");
        GenJournalLine.SetRange("Journal Batch Name", GenJournalBatch.Name);
        if not GenJournalLine.FindFirst() then
            Error(NothingToPostGenErr, GenJournalBatch."Journal Template Name", GenJournalBatch.Name);
        Codeunit.Run(Codeunit::"Gen. Jnl.-Post Batch", GenJournalLine);
    end;
}
