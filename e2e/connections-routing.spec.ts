// Which connection serves an org, in Chromium as the demo admin (docs/connections.md): adding a member-only
// connection shows its test result and does not take Demo Org over; the org switcher says which connection
// serves the current org; an admin switches Demo Org to another Owner explicitly. Also pictures of the
// Connections page at 390 and 1280 px, light and dark (.test-results/screens/), and nothing of the page
// wider than the viewport from 360 to 1920 px.
import type { Page } from "@playwright/test";
import { animationsFinished, expect, test } from "./fixtures";
import { ORG_ID, SIM_URL, listed } from "./support/atlas";

const MEMBER = {
  clientId: "mdb_sa_id_5f0000000000000000000002",
  clientSecret: "mdb_sa_sk_demo_member_not_a_real_secret",
};
/** A second Organization Owner of Demo Org, created in the simulator by this spec. */
const OWNER_TWO = {
  clientId: "mdb_sa_id_5f00000000000000000000e2",
  clientSecret: "mdb_sa_sk_e2e_routing_owner_two",
};
const ENV_NAME = "Atlas (from environment)";

const card = (page: Page, name: string) => page.getByRole("article", { name });
const origin = (page: Page) => ({ Origin: new URL(page.url()).origin });

async function removeStored(page: Page, names: string[]) {
  const res = await page.request.get("/api/connections");
  const body = (await res.json()) as { connections: { id: string; name: string }[] };
  for (const c of body.connections.filter((x) => names.includes(x.name))) {
    await page.request.delete(`/api/connections/${c.id}`, { headers: origin(page) });
  }
}

async function addConnection(page: Page, name: string, account: { clientId: string; clientSecret: string }) {
  await page.getByRole("button", { name: "Add connection" }).first().click();
  const add = page.getByRole("dialog", { name: "Add an Atlas connection" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Atlas base URL").fill(SIM_URL);
  await add.getByLabel("Client id").fill(account.clientId);
  await add.getByLabel("Client secret").fill(account.clientSecret);
  await add.getByRole("button", { name: "Add and test" }).click();
  await expect(add).toContainText(`“${name}” is saved. Its test:`);
  return add;
}

test.beforeEach(async ({ page, sim }) => {
  await sim.reset();
  await fetch(`${SIM_URL}/__sim/service-accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...OWNER_TWO, name: "e2e owner two", orgRoles: { [ORG_ID]: ["ORG_OWNER"] } }),
  });
  await page.goto("/connections");
  await removeStored(page, ["Member only", "Owner two"]);
  // Whatever an earlier spec left: Demo Org starts served by the environment's connection.
  const res = await page.request.post(`/api/orgs/${ORG_ID}/route`, {
    data: { connectionId: "env" },
    headers: origin(page),
  });
  expect(res.status()).toBe(200);
});

test.afterEach(async ({ page }) => {
  await page.request.post(`/api/orgs/${ORG_ID}/route`, {
    data: { connectionId: "env" },
    headers: origin(page),
  });
  await removeStored(page, ["Member only", "Owner two"]);
});

test("a member-only connection does not take Demo Org over; an admin switches it explicitly", async ({
  page,
}) => {
  await page.goto("/connections");

  // Add a member-only account: the dialog shows its test, which names the missing role.
  const add = await addConnection(page, "Member only", MEMBER);
  await expect(add).toContainText("Member-only account");
  await expect(add).toContainText("Demo Org: Organization Member only");
  await expect(add).toContainText("Saving never moves an organization another working connection serves");
  await add.getByRole("button", { name: "Done" }).click();
  await expect(add).toBeHidden();

  // Its card: it sees Demo Org, which the environment's connection serves; it may not serve it.
  const member = card(page, "Member only");
  await expect(member).toContainText("Member-only account");
  const seen = member.getByRole("region", { name: "Organizations “Member only” sees but does not serve" });
  await expect(seen).toContainText(`Demo Org (Member only; served by ${ENV_NAME})`);
  await expect(seen.getByRole("button", { name: "Serve Demo Org with Member only" })).toBeDisabled();
  const env = card(page, ENV_NAME);
  await expect(env.getByRole("region", { name: `Organizations “${ENV_NAME}” serves` })).toContainText(
    "Demo Org",
  );

  // Demo Org is still served by the environment's connection: the switcher says so, the legacy project
  // invitations are listed, and an invite works.
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await expect(page.locator("#org-served-by")).toContainText(`via ${ENV_NAME}`);
  const rows = await listed(page);
  expect(rows.filter((r) => r.source === "project")).toHaveLength(3);

  // A second Owner of Demo Org: added, working, and still not serving Demo Org until an admin says so.
  await page.goto("/connections");
  const addTwo = await addConnection(page, "Owner two", OWNER_TWO);
  await expect(addTwo).toContainText("Demo Org: Organization Owner");
  await addTwo.getByRole("button", { name: "Done" }).click();
  const two = card(page, "Owner two");
  await expect(two).toContainText("Working");
  await expect(two.getByRole("region", { name: "Organizations “Owner two” serves" })).toContainText(
    "no organization",
  );
  await two.getByRole("button", { name: "Serve Demo Org with Owner two" }).click();
  await expect(page.getByText("“Demo Org” is now served by “Owner two”.")).toBeVisible();
  await expect(two.getByRole("region", { name: "Organizations “Owner two” serves" })).toContainText(
    /Demo Org\s*chosen by admin/,
  );

  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await expect(page.locator("#org-served-by")).toContainText("via Owner two");
  expect((await listed(page)).filter((r) => r.source === "project")).toHaveLength(3);

  // Deleting the serving connection does not hand Demo Org to another one: the switcher says so.
  await page.goto("/connections");
  await two.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete connection" }).click();
  await expect(page.getByRole("alert", { name: "Organizations without a working connection" })).toContainText(
    "the connection chosen for it was deleted",
  );
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await expect(page.getByRole("link", { name: "No working connection: choose one" })).toBeVisible();
});

test("the Connections page at phone and desktop widths, light and dark: no sideways scrolling", async ({
  page,
}) => {
  await page.goto("/connections");
  const add = await addConnection(page, "Member only", MEMBER);
  await add.getByRole("button", { name: "Done" }).click();
  await expect(card(page, "Member only")).toContainText("Member-only account");
  // Pictures without the toasts over the cards.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  for (const width of [360, 390, 768, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await animationsFinished(page);
    // Everything the page itself draws stays inside the viewport (the header is the layout's own test).
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll("main *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`)
        .slice(0, 5);
    });
    expect(wide, `wider than ${width} px`).toEqual([]);
  }
  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await animationsFinished(page);
      await page.screenshot({
        path: `.test-results/screens/connections-${width}-${scheme}.png`,
        fullPage: true,
      });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
});
