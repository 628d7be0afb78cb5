export * from "./identity";
export * from "./audit";
export * from "./catalog";
export * from "./tokens";
export * from "./integrations";
export * from "./scorecards";
export * from "./actions";
export * from "./delivery";
