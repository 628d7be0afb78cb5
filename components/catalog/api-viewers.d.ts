/** The API viewers (Definition tab, REST API reference) ship prebuilt bundles without types: what the tab uses of them. */
/** swagger-ui-dist: Swagger UI. */
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
    /** Keep the token entered under Authorize across reloads (Portico keeps it in the page only). */
    persistAuthorization?: boolean;
  };
  const SwaggerUIBundle: (options: SwaggerUIOptions) => unknown;
  export default SwaggerUIBundle;
}

/** @asyncapi/react-component's prebuilt browser bundle (with its own React and the parser), without types. */
declare module "@asyncapi/react-component/browser/standalone/index.js" {
  const AsyncApiStandalone: { render: (props: { schema: string; config?: object }, container: Element) => void };
  export default AsyncApiStandalone;
}
