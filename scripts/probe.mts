import { customizeValidator } from "@rjsf/validator-ajv8";
import { inputsJsonSchema } from "../server/actions/form";
const v = customizeValidator({ customFormats: { entity: () => true, team: () => true, user: () => true, secret: () => true } });
const schema = inputsJsonSchema({ properties: {
        branch: { type: "string", title: "Branch", pattern: "^[a-z0-9][a-z0-9-]{0,40}$" },
        copyFrom: { type: "string", title: "Copy", format: "entity", blueprint: "environment", dataset: { combinator: "and", rules: [] } },
        hours: { type: "integer", minimum: 1, maximum: 72, default: 24 } }, required: ["branch", "copyFrom"] } as never);
console.log(JSON.stringify(v.validateFormData({ branch: "Feature_Login", copyFrom: "staging", hours: 24 }, schema as never).errors));
