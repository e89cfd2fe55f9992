// AWS Lambda (REST-JSON): the operation from the method and path; Invoke is lambda:InvokeFunction. The function
// is the path's FunctionName (a name, an ARN or a partial ARN); CreateFunction names it in its (small) body.
import type { ServiceMapping } from "../types.js";

const V = "/2015-03-31/functions";

export const lambda: ServiceMapping = {
  signingName: "lambda",
  actionPrefix: "lambda",
  protocols: ["rest-json"],
  errors: "rest-json",
  accessDeniedCode: "AccessDeniedException",
  bodyNeeded: false,
  unsignedPayload: false,
  rules: [
    { method: "POST", path: V, operation: "CreateFunction" },
    { method: "GET", path: V, operation: "ListFunctions" },
    { method: "GET", path: `${V}/{FunctionName}`, operation: "GetFunction" },
    { method: "DELETE", path: `${V}/{FunctionName}`, operation: "DeleteFunction" },
    { method: "POST", path: `${V}/{FunctionName}/invocations`, operation: "Invoke" },
    { method: "POST", path: "/2014-11-13/functions/{FunctionName}/invoke-async", operation: "InvokeAsync" },
    { method: "GET", path: `${V}/{FunctionName}/configuration`, operation: "GetFunctionConfiguration" },
    { method: "PUT", path: `${V}/{FunctionName}/configuration`, operation: "UpdateFunctionConfiguration" },
    { method: "PUT", path: `${V}/{FunctionName}/code`, operation: "UpdateFunctionCode" },
    { method: "POST", path: `${V}/{FunctionName}/policy`, operation: "AddPermission" },
    { method: "GET", path: `${V}/{FunctionName}/policy`, operation: "GetPolicy" },
    { method: "DELETE", path: `${V}/{FunctionName}/policy/{StatementId}`, operation: "RemovePermission" },
    { method: "POST", path: `${V}/{FunctionName}/versions`, operation: "PublishVersion" },
    { method: "GET", path: `${V}/{FunctionName}/versions`, operation: "ListVersionsByFunction" },
    { method: "POST", path: `${V}/{FunctionName}/aliases`, operation: "CreateAlias" },
    { method: "GET", path: `${V}/{FunctionName}/aliases`, operation: "ListAliases" },
    { method: "POST", path: "/2017-03-31/tags/{ARN}", operation: "TagResource" },
    { method: "GET", path: "/2017-03-31/tags/{ARN}", operation: "ListTags" },
    { method: "DELETE", path: "/2017-03-31/tags/{ARN}", operation: "UntagResource" },
  ],
  operations: {
    CreateFunction: { readsBody: true, resources: { function: { variables: { FunctionName: "body.FunctionName" } } }, requestTags: "body.Tags" },
    Invoke: { action: "InvokeFunction" },
    AddPermission: { changesResourcePolicy: true },
    RemovePermission: { changesResourcePolicy: true },
    TagResource: { readsBody: true, resources: { function: { arn: "path.ARN" } }, requestTags: "body.Tags" },
    ListTags: { resources: { function: { arn: "path.ARN" } } },
    UntagResource: { resources: { function: { arn: "path.ARN" } } },
  },
  resources: {
    function: { arn: "path.FunctionName", variables: { FunctionName: "path.FunctionName|nameOf:function" } },
  },
  resourcePolicies: {
    function: { reader: "lambda-function", target: "path.FunctionName" },
  },
};
