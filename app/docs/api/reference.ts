import type { OpenApiDocument } from "@/lib/api/openapi";

/**
 * Reads the OpenAPI document into what the reference page shows: endpoints with their parameters,
 * body fields, examples and error statuses, and the error catalogue. Plain data, no React, so the
 * page stays a server-rendered list and ships no script of its own.
 */

type Json = Record<string, unknown>;

export interface FieldDoc {
  name: string;
  /** "query", "path", "header", or "body". */
  location: string;
  type: string;
  required: boolean;
  /** Limits and default, e.g. "at most 255 characters · default 10". */
  constraints: string[];
  description: string;
}

export interface OperationDoc {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  public: boolean;
  parameters: FieldDoc[];
  bodyFields: FieldDoc[];
  bodyExample?: unknown;
  responseDescription: string;
  responseExample?: unknown;
  errorStatuses: string[];
  curl: string;
}

export interface ErrorDoc {
  status: string;
  description: string;
  headers: string[];
  example: unknown;
}

const asJson = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});

function resolve(document: OpenApiDocument, value: unknown): Json {
  const object = asJson(value);
  const ref = object.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return object;
  let target: unknown = document;
  for (const part of ref.slice(2).split("/")) target = asJson(target)[part];
  return resolve(document, target);
}

/** A short type for a JSON Schema: "string", "integer", "string[]", "true | false", "object". */
export function typeOf(document: OpenApiDocument, raw: unknown): string {
  const schema = resolve(document, raw);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v).replaceAll('"', "")).join(" | ");
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s) => typeOf(document, s)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array") return `${typeOf(document, schema.items)}[]`;
  if (typeof schema.type === "string") return schema.type;
  return "any";
}

function constraintsOf(document: OpenApiDocument, raw: unknown): string[] {
  const schema = resolve(document, raw);
  const out: string[] = [];
  if (typeof schema.minLength === "number" && schema.minLength > 0 && typeof schema.maxLength === "number") {
    out.push(`${schema.minLength} to ${schema.maxLength} characters`);
  } else if (typeof schema.maxLength === "number") out.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.minimum === "number" && typeof schema.maximum === "number" && schema.maximum < 1e12) out.push(`${schema.minimum} to ${schema.maximum}`);
  if (typeof schema.maxItems === "number") out.push(`at most ${schema.maxItems} items`);
  if (schema.type === "array") {
    const items = resolve(document, schema.items);
    if (typeof items.maxLength === "number") out.push(`each at most ${items.maxLength} characters`);
  }
  if (typeof schema.pattern === "string") out.push(`letters, digits, _ and -`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default).replaceAll('"', "")}`);
  return out;
}

function fieldsOf(document: OpenApiDocument, raw: unknown): FieldDoc[] {
  const schema = resolve(document, raw);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(asJson(schema.properties)).map(([name, property]) => ({
    name,
    location: "body",
    type: typeOf(document, property),
    required: required.has(name),
    constraints: constraintsOf(document, property),
    description: typeof asJson(property).description === "string" ? (asJson(property).description as string) : "",
  }));
}

function exampleValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function curlOf(server: string, method: string, path: string, parameters: FieldDoc[], body: unknown, isPublic: boolean): string {
  const url = server + path.replace("{key}", "part_8Kq2xY7mN4pR");
  const lines = [`curl${method === "GET" ? "" : ` -X ${method}`} "${url}"`];
  if (!isPublic) lines.push(`  -H "Authorization: Bearer $API_KEY"`);
  if (parameters.some((p) => p.location === "header" && p.name === "Idempotency-Key")) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  if (body !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${exampleValue(body)}'`);
  }
  return lines.join(" \\\n");
}

export function operationsOf(document: OpenApiDocument): OperationDoc[] {
  const server = document.servers?.[0]?.url ?? "";
  const out: OperationDoc[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, rawOperation] of Object.entries(asJson(item))) {
      const op = asJson(rawOperation);
      const parameters: FieldDoc[] = (Array.isArray(op.parameters) ? op.parameters : []).map((raw) => {
        const parameter = resolve(document, raw);
        return {
          name: String(parameter.name),
          location: String(parameter.in),
          type: typeOf(document, parameter.schema),
          required: parameter.required === true,
          constraints: constraintsOf(document, parameter.schema),
          description: typeof parameter.description === "string" ? parameter.description : "",
        };
      });
      const bodyMedia = asJson(asJson(asJson(op.requestBody).content)["application/json"]);
      const responses = asJson(op.responses);
      const success = resolve(document, responses["200"]);
      const successMedia = asJson(asJson(success.content)["application/json"]);
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      out.push({
        id: typeof op.operationId === "string" ? op.operationId : `${method}-${path}`,
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        description: String(op.description ?? ""),
        tag: Array.isArray(op.tags) ? String(op.tags[0]) : "",
        public: isPublic,
        parameters,
        bodyFields: bodyMedia.schema ? fieldsOf(document, bodyMedia.schema) : [],
        bodyExample: bodyMedia.example,
        responseDescription: String(success.description ?? ""),
        responseExample: successMedia.example,
        errorStatuses: Object.keys(responses).filter((status) => status !== "200"),
        curl: curlOf(server, method.toUpperCase(), path, parameters, bodyMedia.example, isPublic),
      });
    }
  }
  return out;
}

export function errorsOf(document: OpenApiDocument): ErrorDoc[] {
  return Object.entries(document.components?.responses ?? {})
    .filter(([name]) => /^Error\d{3}$/.test(name))
    .map(([name, raw]) => {
      const response = resolve(document, raw);
      return {
        status: name.slice("Error".length),
        description: String(response.description ?? ""),
        headers: Object.keys(asJson(response.headers)),
        example: asJson(asJson(response.content)["application/json"]).example,
      };
    });
}

/** The document's description as paragraphs of text, `code` and **bold** runs. */
export type Run = { kind: "text" | "code" | "bold"; text: string };

export function inline(text: string): Run[] {
  const runs: Run[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) runs.push({ kind: "text", text: text.slice(last, match.index) });
    runs.push(match[1] !== undefined ? { kind: "code", text: match[1] } : { kind: "bold", text: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ kind: "text", text: text.slice(last) });
  return runs;
}

export function paragraphs(text: string | undefined): Run[][] {
  return (text ?? "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map(inline);
}
