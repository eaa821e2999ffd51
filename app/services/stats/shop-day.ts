// Shop-local calendar days live in the domain (app/loyalty/shop-day.ts); re-exported for services.
export * from "../../loyalty/shop-day";
