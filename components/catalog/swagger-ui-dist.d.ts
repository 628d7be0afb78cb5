/** swagger-ui-dist ships Swagger UI prebuilt, without types: what the Definition tab uses of it. */
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  type SwaggerUIOptions = {
    domNode: HTMLElement;
    spec: object;
    validatorUrl: string | null;
    supportedSubmitMethods: string[];
    deepLinking?: boolean;
    docExpansion?: "list" | "full" | "none";
    defaultModelsExpandDepth?: number;
    tryItOutEnabled?: boolean;
  };
  const SwaggerUIBundle: (options: SwaggerUIOptions) => unknown;
  export default SwaggerUIBundle;
}
