// The Provisioning page (issue 20) in Chromium, as an admin uses it: create a provisioning token (shown once),
// let an identity provider use it, and see what it did: the recent SCIM requests, a group that names no preset
// (mapped here to one), the leavers setting; at 390 and 1280 px, light and dark, with no sideways scroll and no
// serious axe violation.
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID } from "./support/atlas";
import { mainOverflow } from "./support/overflow";

const PAGE = `/orgs/${ORG_ID}/provisioning`;
const NOT_THE_HEADER = { exclude: "header" };
const SHOTS = ".test-results/shots";

test("an admin creates a provisioning token, an IdP uses it, the page shows what happened", async ({
  page,
  api,
  a11y,
  baseURL,
}) => {
  const tag = Date.now().toString(36);
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { name: "Provisioning", level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "SCIM base URL" })).toHaveValue(
    `${new URL(baseURL!).origin}/scim/v2`,
  );

  const create = page.getByRole("dialog", { name: "Create a provisioning token" });
  // A click before the page has hydrated does nothing: clicked again until the dialog opens.
  await expect(async () => {
    if (!(await create.isVisible())) {
      await page
        .getByRole("button", { name: /Create (a )?(provisioning )?token/i })
        .first()
        .click();
    }
    await expect(create).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await create.getByLabel("Name").fill(`okta-${tag}`);
  await a11y(page, "create dialog", NOT_THE_HEADER);
  await create.getByRole("button", { name: "Create token" }).click();
  const reveal = page.getByRole("dialog", { name: new RegExp(`okta-${tag}`) });
  const secret = await reveal.getByRole("textbox", { name: "Token" }).inputValue();
  expect(secret).toMatch(/^icp_[0-9A-Za-z]{49}$/);
  await page.screenshot({ path: `${SHOTS}/provisioning-reveal-1280-light.png` });
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  // The identity provider: a user, and a group whose name is no preset.
  const idp = await playwrightRequest.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { Authorization: `Bearer ${secret}`, "Content-Type": "application/scim+json" },
  });
  const user = await idp.post("/scim/v2/Users", {
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `grace.${tag}@example.com`,
      active: true,
    },
  });
  expect(user.status()).toBe(201);
  const group = `Platform on-call ${tag}`;
  const created = await idp.post("/scim/v2/Groups", {
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: group,
      members: [{ value: (await user.json()).id }],
    },
  });
  expect(created.status()).toBe(201);
  await idp.dispose();

  await page.reload();
  const requests = page
    .getByRole("region", { name: "Recent SCIM requests" })
    .or(page.locator("section", { hasText: "Recent SCIM requests" }));
  await expect(requests.getByText("/scim/v2/Users").first()).toBeVisible();
  await expect(page.getByText(group).first()).toBeVisible();

  // The leavers setting, kept after a reload.
  // The radio follows the saved setting: it turns once the server has it.
  await page.getByRole("radio", { name: /always/i }).click();
  await expect(page.getByRole("radio", { name: /always/i })).toBeChecked();
  await expect(page.getByText(/When someone leaves the directory: always remove/i)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { name: /always/i })).toBeChecked();
  const settings = await api.get(`/api/orgs/${ORG_ID}/provisioning`);
  expect((await settings.json()).overview.settings.deprovision).toBe("always");
  await page.getByRole("radio", { name: /never/i }).click();
  await expect
    .poll(
      async () =>
        (await (await api.get(`/api/orgs/${ORG_ID}/provisioning`)).json()).overview.settings.deprovision,
    )
    .toBe("never");

  await a11y(page, "provisioning page", NOT_THE_HEADER);
  for (const width of [390, 1280]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: width < 500 ? 3200 : 2000 });
      await page.emulateMedia({ colorScheme: scheme });
      expect(await mainOverflow(page), `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/provisioning-${width}-${scheme}.png` });
    }
  }
});
