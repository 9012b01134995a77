import type { Metadata } from "next";
import { buildOpenApiDocument, OPENAPI_PATH } from "@/lib/api/openapi";
import { errorsOf, operationsOf, paragraphs, type FieldDoc, type OperationDoc, type Run } from "./reference";

export const metadata: Metadata = { title: "API reference" };

// Rendered per request from the document as the server is configured (APP_URL, API_RATE_LIMIT).
export const dynamic = "force-dynamic";

const METHOD_STYLES: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-rose-100 text-rose-900",
};

function Text({ runs }: { runs: Run[] }) {
  return (
    <>
      {runs.map((run, i) =>
        run.kind === "code" ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] break-words text-slate-800">
            {run.text}
          </code>
        ) : run.kind === "bold" ? (
          <strong key={i} className="font-semibold text-slate-900">
            {run.text}
          </strong>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
    </>
  );
}

function Paragraphs({ text, className = "" }: { text: string; className?: string }) {
  return (
    <>
      {paragraphs(text).map((runs, i) => (
        <p key={i} className={`text-sm leading-6 text-slate-700 ${className}`}>
          <Text runs={runs} />
        </p>
      ))}
    </>
  );
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</figcaption>
      {/* Focusable, so a keyboard can scroll an example wider than the page. */}
      <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100">
        <code>{children}</code>
      </pre>
    </figure>
  );
}

function MethodBadge({ method }: { method: string }) {
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_STYLES[method] ?? "bg-slate-100"}`}>{method}</span>;
}

/** Fields as a list rather than a table: readable at 390 px without scrolling sideways. */
function Fields({ title, fields }: { title: string; fields: FieldDoc[] }) {
  if (fields.length === 0) return null;
  return (
    <div>
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      <dl className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
        {fields.map((field) => (
          <div key={`${field.location}-${field.name}`} className="px-3 py-2">
            <dt className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <code className="font-mono text-sm font-semibold break-all text-slate-900">{field.name}</code>
              <span className="font-mono text-xs text-slate-600">{field.type}</span>
              {field.location !== "body" ? <span className="text-xs text-slate-500">in {field.location}</span> : null}
              {field.required ? <span className="text-xs font-medium text-rose-700">required</span> : <span className="text-xs text-slate-500">optional</span>}
            </dt>
            <dd className="mt-1 text-sm text-slate-700">
              {field.description ? <Text runs={paragraphs(field.description)[0] ?? []} /> : null}
              {field.constraints.length > 0 ? <span className="block text-xs text-slate-500">{field.constraints.join(" · ")}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Endpoint({ op }: { op: OperationDoc }) {
  return (
    <section id={op.id} aria-labelledby={`${op.id}-title`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h3 id={`${op.id}-title`} className="text-base font-semibold text-slate-900">
        {op.summary}
      </h3>
      <p className="mt-1 flex flex-wrap items-center gap-2">
        <MethodBadge method={op.method} />
        <code className="font-mono text-sm break-all text-slate-800">{op.path}</code>
        {op.public ? <span className="text-xs text-slate-500">no key needed</span> : null}
      </p>
      <div className="mt-3 space-y-2">
        <Paragraphs text={op.description} />
      </div>
      <div className="mt-4 space-y-4">
        <Fields title="Parameters" fields={op.parameters} />
        <Fields title="Request body (JSON)" fields={op.bodyFields} />
        <Code label="Example request">{op.curl}</Code>
        {op.responseExample !== undefined ? (
          <Code label={`200 · ${op.responseDescription}`}>{JSON.stringify(op.responseExample, null, 2)}</Code>
        ) : (
          <p className="text-sm text-slate-700">200: {op.responseDescription}</p>
        )}
        {op.errorStatuses.length > 0 ? (
          <p className="text-sm text-slate-700">
            Errors:{" "}
            {op.errorStatuses.map((status, i) => (
              <span key={status}>
                {i > 0 ? ", " : null}
                <a className="text-indigo-700 underline" href={`#error-${status}`}>
                  {status}
                </a>
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** The REST API's reference, rendered on the server from the OpenAPI document; public. */
export default function ApiReferencePage() {
  const document = buildOpenApiDocument();
  const operations = operationsOf(document);
  const errors = errorsOf(document);
  const tags = (document.tags ?? []).filter((tag) => operations.some((op) => op.tag === tag.name));
  const server = document.servers?.[0]?.url ?? "";
  const perMinute = (document as { "x-rate-limit-per-minute"?: number })["x-rate-limit-per-minute"];

  return (
    <main className="mx-auto max-w-4xl px-4 py-8 sm:px-6">
      <header>
        <h1 className="text-2xl font-semibold text-slate-900">{document.info.title}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Version {document.info.version} · base URL <code className="font-mono break-all">{server}</code> · the{" "}
          <a className="text-indigo-700 underline" href={OPENAPI_PATH}>
            OpenAPI document
          </a>{" "}
          for your tools
        </p>
      </header>

      <nav aria-label="Endpoints" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-semibold text-slate-900">Endpoints</h2>
        <ul className="mt-2 space-y-2">
          {operations.map((op) => (
            <li key={op.id} className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
              <a className="w-full text-indigo-700 underline sm:w-44" href={`#${op.id}`}>
                {op.summary}
              </a>
              <MethodBadge method={op.method} />
              <code className="font-mono break-all text-slate-700">{op.path}</code>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="guide" className="mt-8 space-y-3">
        <h2 id="guide" className="text-lg font-semibold text-slate-900">
          Using the API
        </h2>
        <Paragraphs text={document.info.description ?? ""} />
        {perMinute ? (
          <p className="text-sm leading-6 text-slate-700">
            This installation allows <strong className="font-semibold text-slate-900">{perMinute.toLocaleString("en")}</strong> requests a minute per key.
          </p>
        ) : null}
      </section>

      {tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="mt-10">
          <h2 id={`tag-${tag.name}`} className="text-lg font-semibold text-slate-900">
            {tag.name}
          </h2>
          {tag.description ? <Paragraphs text={tag.description} className="mt-1" /> : null}
          <div className="mt-4 space-y-6">
            {operations
              .filter((op) => op.tag === tag.name)
              .map((op) => (
                <Endpoint key={op.id} op={op} />
              ))}
          </div>
        </section>
      ))}

      <section aria-labelledby="errors" className="mt-10">
        <h2 id="errors" className="text-lg font-semibold text-slate-900">
          Errors
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Every error has the same shape: <code className="font-mono">{"{message, status, errors?: [{field, message}]}"}</code>.
        </p>
        <dl className="mt-4 space-y-4">
          {errors.map((error) => (
            <div key={error.status} id={`error-${error.status}`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4">
              <dt className="font-mono text-sm font-semibold text-slate-900">{error.status}</dt>
              <dd className="mt-1 space-y-2">
                <Paragraphs text={error.description} />
                {error.headers.length > 0 ? <p className="text-xs text-slate-500">Headers: {error.headers.join(", ")}</p> : null}
                <Code label="Example">{JSON.stringify(error.example, null, 2)}</Code>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </main>
  );
}
