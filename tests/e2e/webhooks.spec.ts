import http from "node:http";
import type { AddressInfo } from "node:net";
import { createVendor, PASSWORD } from "../support/factories";
import { expect, test, uniqueEmail } from "./support/fixtures";
import { logIn } from "./support/steps";

test("an Owner adds a webhook endpoint, sees its secret once, sends a test event and finds it in the delivery log", async ({ page }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    const vendor = await createVendor("Hook Shop", { website: "https://vendor.example", ownerEmail: uniqueEmail("owner") });
    await logIn(page, vendor.ownerEmail, PASSWORD);
    await page.goto("/settings");
    await page.getByRole("link", { name: "Webhooks" }).click();

    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByRole("checkbox", { name: "partnership.created" }).check();
    await page.getByRole("checkbox", { name: "partnership.removed" }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = page.getByLabel("Signing secret");
    await expect(secret).toHaveValue(/^whsec_/);
    await expect(page.getByText("it is shown only once")).toBeVisible();

    const endpoint = page.getByRole("region", { name: `Endpoint ${url}` });
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await expect(endpoint.getByRole("status")).toContainText("Test event queued");
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: "webhook.test" });
    expect(received[0]!.headers["webhook-signature"]).toMatch(/^v1,/);

    await page.reload();
    const log = page.getByRole("table", { name: `Delivery log of ${url}` });
    await expect(log.getByRole("row", { name: /webhook\.test/ })).toContainText("Delivered");
    // The secret is not shown again.
    await expect(page.getByLabel("Signing secret")).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
