// Connections page as the demo admin (storage state from the `setup` project): add a connection
// (saving tests it), test it again (the diagnosis names the problem), rotate its secret, delete it. The secret
// never comes back. Which connection serves an org: e2e/connections-routing.spec.ts.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { SIM_URL } from "./support/atlas";

const SECOND = {
  clientId: "mdb_sa_id_5f0000000000000000000003",
  clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
};
const MEMBER_SECRET = "mdb_sa_sk_demo_member_not_a_real_secret";
const WRONG_SECRET = "mdb_sa_sk_e2e_wrong_secret_zz99";

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

const card = (page: Page, name: string) => page.getByRole("article", { name });

async function deleteIfPresent(page: Page, name: string) {
  const res = await page.request.get("/api/connections");
  const body = (await res.json()) as { connections: { id: string; name: string }[] };
  for (const c of body.connections.filter((x) => x.name === name)) {
    await page.request.delete(`/api/connections/${c.id}`, {
      headers: { Origin: new URL(page.url()).origin },
    });
  }
}

test("add, test, rotate and delete a connection", async ({ page }) => {
  const name = `Second org ${Date.now().toString(36)}`;
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Atlas connections" })).toBeVisible();
  // The connection from the environment is listed, read-only.
  await expect(page.getByText("From environment · read-only")).toBeVisible();

  // Add.
  await page.getByRole("button", { name: "Add connection" }).first().click();
  const add = page.getByRole("dialog", { name: "Add an Atlas connection" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Atlas base URL").fill(SIM_URL);
  await add.getByLabel("Client id").fill(SECOND.clientId);
  await add.getByLabel("Client secret").fill(SECOND.clientSecret);
  await add.getByRole("button", { name: "Add and test" }).click();
  // Saving tests it: the result is shown in the dialog.
  await expect(add).toContainText(`“${name}” is saved. Its test:`);
  await expect(add).toContainText("Second Org: Organization Owner");
  await add.getByRole("button", { name: "Done" }).click();
  await expect(add).toBeHidden();
  const item = card(page, name);
  await expect(item).toBeVisible();
  await expect(item).toContainText(`ends in ${SECOND.clientSecret.slice(-4)}`);
  await expect(item).toContainText("Working");

  // Test again: it works, and the org switcher offers its org under the connection's name.
  await item.getByRole("button", { name: "Test connection" }).click();
  await expect(item).toContainText("Working");
  await expect(item).toContainText("Second Org: Organization Owner");
  await expect(item).toContainText(/listOrgInvites 2023-01-01: deprecated 2025-02-19, sunset 2027-07-01/);
  await expect(page.locator("#org-switcher optgroup", { hasText: "Second Org" })).toHaveAttribute(
    "label",
    name,
  );

  // Rotate to a wrong secret: the test names the problem.
  await item.getByRole("button", { name: "Rotate secret" }).click();
  const rotate = page.getByRole("dialog", { name: `Rotate the secret of “${name}”` });
  await rotate.getByLabel("New client secret").fill(WRONG_SECRET);
  await rotate.getByRole("button", { name: "Replace secret" }).click();
  await expect(rotate).toBeHidden();
  await expect(item).toContainText(`ends in ${WRONG_SECRET.slice(-4)}`);
  await item.getByRole("button", { name: "Test connection" }).click();
  await expect(item).toContainText("Bad secret");
  await expect(item.getByRole("alert")).toContainText("rejected the client id and secret");

  // Edit with a member-only account's secret: the test says the role is missing.
  await item.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(edit.getByLabel("New client secret")).toHaveValue(""); // write-only: never filled in
  await edit.getByLabel("Client id").fill("mdb_sa_id_5f0000000000000000000002");
  await edit.getByLabel("New client secret").fill(MEMBER_SECRET);
  await edit.getByRole("button", { name: "Save and test" }).click();
  await expect(edit).toContainText("Member-only account");
  await edit.getByRole("button", { name: "Done" }).click();
  await expect(edit).toBeHidden();
  await item.getByRole("button", { name: "Test connection" }).click();
  await expect(item).toContainText("Member-only account");

  // No response of the page carried a secret.
  const all = await page.request.get("/api/connections");
  const text = await all.text();
  for (const s of [SECOND.clientSecret, WRONG_SECRET, MEMBER_SECRET]) expect(text).not.toContain(s);

  // Delete: the confirmation names the connection.
  await item.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete the connection “${name}”?` });
  await expect(confirm.getByRole("button", { name: "Keep connection" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete connection" }).click();
  await expect(confirm).toBeHidden();
  await expect(card(page, name)).toHaveCount(0);
  await deleteIfPresent(page, name);
});

test("a bad base URL is refused in place, and the draft is kept", async ({ page }) => {
  await page.goto("/connections");
  await page.getByRole("button", { name: "Add connection" }).first().click();
  const add = page.getByRole("dialog", { name: "Add an Atlas connection" });
  await add.getByLabel("Name").fill("Evil");
  await add.getByLabel("Atlas base URL").fill("https://cloud.mongodb.com.evil.example");
  await add.getByLabel("Client id").fill(SECOND.clientId);
  await add.getByLabel("Client secret").fill(SECOND.clientSecret);
  await add.getByRole("button", { name: "Add and test" }).click();
  await expect(add.getByText(/The base URL must be/)).toBeVisible();
  await expect(add.getByLabel("Name")).toHaveValue("Evil");
  await expect(add.getByLabel("Atlas base URL")).toHaveAttribute("aria-invalid", "true");
});

test("the page and its dialogs have no serious accessibility violation", async ({ page, a11y }) => {
  await page.goto("/connections");
  const env = card(page, "Atlas (from environment)");
  await env.getByRole("button", { name: "Test connection" }).click();
  await expect(env).toContainText("Working");
  await a11y(page, "list with test details");
  // The test's toast fades out under the dialog's overlay, mid-blend, which axe would read as low contrast.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await page.getByRole("button", { name: "Add connection" }).first().click();
  await expect(page.getByRole("dialog", { name: "Add an Atlas connection" })).toBeVisible();
  await a11y(page, "add dialog");
});
