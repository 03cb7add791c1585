// Browser checks of the embeddable search and the staff panel: axe (WCAG 2.1 A and AA) on
// every page, at mobile and desktop sizes and at 200 % zoom, screenshots, keyboard-only walks
// (search to a sent request; the front desk from sign-in to a slip; the liaison from sign-in
// through accepting and declining), and the example municipal page with both embeddings.
// Usage: OKIENKO_URL=http://127.0.0.1:8080 PANEL_EMAIL=… PANEL_PASSWORD=… LIAISON_EMAIL=…
// LIAISON_PASSWORD=… node check.mjs (CHROMIUM=/usr/bin/chromium); the panel account is a
// front-desk one, the liaison one of the organization of the first "opieka" offer.
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";

const base = process.env.OKIENKO_URL;
if (!base) { console.error("set OKIENKO_URL"); process.exit(2); }
const shots = process.env.SCREENSHOTS || "screenshots";
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
// axe needs pages of their own contexts.
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.done = () => context.close();
  return page;
}
const sizes = { mobile: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } };

async function audit(page, name) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const rules = result.passes.length + result.violations.length + result.incomplete.length;
  for (const v of result.violations) {
    failures.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
  if (overflow) { failures.push(`${name}: scrolls sideways`); }
  console.log(`axe ${name}: ${rules} rules checked, ${result.violations.length} violations`);
}

async function visit(path, name, act) {
  for (const [size, viewport] of Object.entries(sizes)) {
    const page = await newPage({ viewport });
    await page.goto(base + path);
    if (act) { await act(page); }
    await audit(page, `${name} (${size})`);
    await page.screenshot({ path: `${shots}/${name}-${size}.png`, fullPage: true });
    await page.done();
  }
  // 200 % zoom of a 1280 px window: the layout must reflow without sideways scrolling.
  const zoomed = await newPage({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
  await zoomed.goto(base + path);
  if (act) { await act(zoomed); }
  await audit(zoomed, `${name} (200% zoom)`);
  await zoomed.done();
}

// Presses Tab until the focused element matches `selector`.
async function tabTo(page, selector, what, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement.matches(s), selector)) { return; }
  }
  throw new Error(`keyboard: never reached ${what}`);
}
// Fills [selector, text] pairs by keyboard only: Tab to each field, then type.
async function typeInto(page, fields) {
  for (const [selector, text] of fields) {
    await tabTo(page, selector, selector);
    await page.keyboard.type(text);
  }
}

// A detail page to visit: the first result.
const probe = await newPage();
await probe.goto(base + "/embed?q=obiady&municipality=1499011");
const detail = await probe.locator("ol.items a").first().getAttribute("href");
await probe.done();

await visit("/embed?municipality=1499011", "search");
await visit("/embed?q=obiady&municipality=1499011", "results");
await visit("/embed?q=qqqxxzzy", "empty");
await visit("/embed?q=obiady&lang=uk", "results-uk");
// A person in danger: the helplines above the results, in the page's language.
await visit("/embed?q=przemoc%20w%20domu", "crisis");
await visit("/embed?q=przemoc%20w%20domu&lang=uk", "crisis-uk");
// A misspelt word: "showing results for", with the way back to the words as typed.
await visit("/embed?q=psycholok", "corrected");
await visit(detail, "detail");
await visit(detail, "form-errors", async (page) => {
  await page.click("form[method=post] button[type=submit]");
  await page.waitForSelector("#form-errors");
});

// Keyboard only: search, open an offer, fill the form, send.
{
  const page = await newPage({ viewport: sizes.desktop });
  await page.goto(base + "/embed?municipality=1499011");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => document.activeElement.getAttribute("href") || "");
  if (!skip.endsWith("#main")) { failures.push("keyboard: the first stop is not the skip link"); }
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  if (outline === "none") { failures.push("keyboard: no visible focus"); }
  await tabTo(page, "#q", "the search box");
  await page.keyboard.type("obiady");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=obiady/);
  await tabTo(page, "a[href*='/embed/services/']", "a result");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/embed\/services\//);
  await typeInto(page, [["#name", "Anna"], ["#phone", "600 100 200"]]);
  await tabTo(page, "#consent", "the consent box");
  await page.keyboard.press("Space");
  await tabTo(page, "button[type=submit]", "the send button");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".code");
  await page.screenshot({ path: `${shots}/keyboard-sent-desktop.png`, fullPage: true });
  console.log("keyboard walk: search → offer → form → sent");
  await page.done();
}

// The staff panel: the sign-in form, then the counter screen empty and with results, each
// signed in in its own context, at every size; then sign-in and a search by keyboard only.
const staff = { email: process.env.PANEL_EMAIL, password: process.env.PANEL_PASSWORD };
if (!staff.email || !staff.password) { failures.push("set PANEL_EMAIL and PANEL_PASSWORD"); }
async function signIn(page, who = staff) {
  await page.goto(base + "/panel/login");
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await Promise.all([page.waitForURL(/\/panel(\/referrals)?(\?|$)/), page.click("button[type=submit]")]);
}
// One sign-in per account (logins are rate-limited per address); every signed-in page of
// the account reuses its cookie.
const signedIn = new Map();
async function signedInPage(options, who = staff) {
  if (!signedIn.has(who.email)) {
    const first = await newPage();
    await signIn(first, who);
    signedIn.set(who.email, await first.context().storageState());
    await first.done();
  }
  return newPage({ ...options, storageState: signedIn.get(who.email) });
}
// A signed-in page at both sizes and at 200 % zoom (a 1280 px window: it must reflow).
async function visitSignedIn(path, name, who = staff) {
  const views = [...Object.entries(sizes).map(([size, viewport]) => [size, { viewport }]),
    ["200% zoom", { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]];
  for (const [size, options] of views) {
    const page = await signedInPage(options, who);
    await page.goto(base + path);
    await audit(page, `${name} (${size})`);
    if (size !== "200% zoom") {
      await page.screenshot({ path: `${shots}/${name}-${size}.png`, fullPage: true });
    }
    await page.done();
  }
}
await visit("/panel/login", "panel-login");
await visit("/panel/login", "panel-login-error", async (page) => {
  await page.fill("#email", "nikt@example.org");
  await page.fill("#password", "zle-haslo");
  await Promise.all([page.waitForSelector("#login-error"), page.click("button[type=submit]")]);
});
await visitSignedIn("/panel", "panel-counter");
await visitSignedIn("/panel?q=obiady", "panel-results");
// Keyboard only: sign-in, search, refer, slip.
let cardPath = null;
let referralPath = null;
{
  const page = await newPage({ viewport: sizes.desktop });
  await page.goto(base + "/panel");
  await page.waitForURL(/\/panel\/login\?next=/);
  const focusedId = () => page.evaluate(() => document.activeElement.id);
  for (let i = 0; i < 10 && (await focusedId()) !== "email"; i++) { await page.keyboard.press("Tab"); }
  await page.keyboard.type(staff.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(staff.password);
  await Promise.all([page.waitForURL(/\/panel$/), page.keyboard.press("Enter")]);
  if ((await focusedId()) !== "q") { failures.push("panel keyboard: the search box is not focused on arrival"); }
  await page.keyboard.type("obiady");
  await Promise.all([page.waitForURL(/q=obiady/), page.keyboard.press("Enter")]);
  const found = await page.locator("ol.results > li").count();
  if (found === 0) { failures.push("panel keyboard: no results for obiady"); }
  // On by keyboard to a printed slip: "Skieruj", the form, consent, send, the slip.
  await tabTo(page, "a.refer", "Skieruj on a result");
  await Promise.all([page.waitForURL(/\/panel\/services\//), page.keyboard.press("Enter")]);
  cardPath = new URL(page.url()).pathname;
  await typeInto(page, [["#name", "Celina Próbna"], ["#contact", "celina@example.org"],
    ["#need", "Obiady dla mamy po operacji"]]);
  await tabTo(page, "#consent", "the consent box");
  await page.keyboard.press("Space");
  await tabTo(page, "#skieruj button[type=submit]", "the refer button");
  await Promise.all([page.waitForURL(/\/panel\/referrals\/[0-9a-f-]+$/), page.keyboard.press("Enter")]);
  referralPath = new URL(page.url()).pathname;
  await tabTo(page, "a[href$='/slip']", "the slip link");
  await Promise.all([page.waitForURL(/\/slip$/), page.keyboard.press("Enter")]);
  console.log(`panel keyboard walk: sign-in → search → ${found} offers → refer → slip`);
  await page.done();
}
// The front desk's other pages, at both sizes and 200 % zoom.
await visitSignedIn(cardPath, "panel-card");
await visitSignedIn(referralPath, "panel-referral");
await visitSignedIn(referralPath + "/slip", "panel-slip");
await visitSignedIn("/panel/referrals", "panel-referrals-cus");
await visitSignedIn("/panel/password", "panel-password");
await visit("/panel/password/forgot", "panel-password-forgot");

// From an empty search box to a printed slip, counting the worker's actions (typing into a
// field counts as one, like a click): search, "Skieruj", the form, consent, send, the slip.
let trackingCode = null;
{
  const page = await signedInPage({ viewport: sizes.desktop });
  await page.goto(base + "/panel");
  let actions = 0;
  const act = async (what) => { actions += 1; await what(); };
  await act(async () => {
    await page.fill("#q", "opieka");
    await Promise.all([page.waitForURL(/q=opieka/), page.press("#q", "Enter")]);
  });
  await act(async () => {
    await Promise.all([page.waitForURL(/\/panel\/services\//), page.locator("a.refer").first().click()]);
  });
  await act(async () => {
    await page.fill("#name", "Anna Próbna");
    await page.fill("#contact", "600 100 200");
    await page.fill("#need", "Mama po udarze potrzebuje opieki w domu");
    await page.selectOption("#language", "uk");
  });
  await act(() => page.check("#consent"));
  await act(() => Promise.all([page.waitForURL(/\/panel\/referrals\/[0-9a-f-]+$/), page.click("#skieruj button[type=submit]")]));
  await audit(page, "panel-referral (desktop)");
  await act(() => Promise.all([page.waitForURL(/\/slip$/), page.click("a.button")]));
  if (actions > 6) { failures.push(`panel: ${actions} actions from search to slip (at most 6)`); }
  console.log(`panel: search → slip in ${actions} actions`);
  await audit(page, "panel-slip (desktop)");
  await page.screenshot({ path: `${shots}/panel-slip-desktop.png`, fullPage: true });
  trackingCode = await page.locator("p.code").textContent();
  // Printed to PDF with the print stylesheet: one A5 page.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const count = pdf.toString("latin1").match(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)/);
  const pages = count ? Number(count[1] || count[2]) : 0;
  if (pages !== 1) { failures.push(`panel slip: ${pages} printed pages, expected 1`); }
  console.log(`panel slip printed: ${pdf.length} bytes of PDF, ${pages} page(s)`);
  await page.done();
}

// The front desk counts a contact nobody could help ("brak oferty"): the need and gmina are
// required, and the answer says it was saved.
{
  const page = await signedInPage({ viewport: sizes.desktop });
  await page.goto(base + "/panel");
  await page.selectOption("#e-channel", "phone");
  await page.selectOption("#e-outcome", "no_offer");
  await Promise.all([page.waitForSelector("#enquiry-message.error"), page.click("section.enquiry button[type=submit]")]);
  await audit(page, "panel-enquiry-error (desktop)");
  await page.selectOption("#e-category", { index: 3 });
  await page.selectOption("#e-municipality", { index: 1 });
  await Promise.all([page.waitForURL(/saved=1/), page.click("section.enquiry button[type=submit]")]);
  const said = await page.locator("#enquiry-message").textContent();
  if (!said.includes("zapisany")) { failures.push(`panel enquiry: "${said}"`); }
  console.log("panel enquiry: brak oferty counted");
  await page.done();
}

// The resident's tracking page: the form, a wrong code, and the case of the slip's code.
await visit("/embed/track", "track");
await visit("/embed/track?lang=uk", "track-unknown", async (page) => {
  await page.fill("#code", "NO-SUCH-CODE");
  await Promise.all([page.waitForSelector("#track-notice"), page.click("form button[type=submit]")]);
});
if (trackingCode) {
  await visit("/embed/track?lang=uk", "track-case", async (page) => {
    await page.fill("#code", trackingCode);
    await Promise.all([page.waitForSelector("#withdraw-title"), page.click("form button[type=submit]")]);
  });
}

// The partner's liaison (an account of the organization of the first "opieka" offer, the
// one referred to above): the queue, accept one referral, decline another with a reason;
// the front desk then sees the decline on its screen with offers to send the resident to.
const liaison = { email: process.env.LIAISON_EMAIL, password: process.env.LIAISON_PASSWORD };
if (liaison.email && liaison.password) {
  const front = await signedInPage({ viewport: sizes.desktop });
  await front.goto(base + "/panel?q=opieka");
  await Promise.all([front.waitForURL(/\/panel\/services\//), front.locator("a.refer").first().click()]);
  await front.fill("#name", "Borys Próbny");
  await front.fill("#contact", "borys@example.org");
  await front.check("#consent");
  await Promise.all([front.waitForURL(/\/panel\/referrals\//), front.click("#skieruj button[type=submit]")]);
  const second = new URL(front.url()).pathname;

  // The liaison works by keyboard only: sign-in, the queue, accept, back, decline.
  const page = await newPage({ viewport: sizes.desktop });
  await page.goto(base + "/panel/login");
  await typeInto(page, [["#email", liaison.email], ["#password", liaison.password]]);
  await Promise.all([page.waitForURL(/\/panel\/referrals$/), page.keyboard.press("Enter")]);
  await audit(page, "panel-queue (desktop)");
  await page.screenshot({ path: `${shots}/panel-queue-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 640 });
  await audit(page, "panel-queue (320 px)");
  await page.setViewportSize(sizes.desktop);
  const first = await page.locator("tbody a").evaluateAll((links, skip) =>
    links.map((a) => a.getAttribute("href")).find((h) => h !== skip), second);
  if (!first) { failures.push("liaison queue: the referral from the counter is missing"); }
  await tabTo(page, `tbody a[href="${first}"]`, "the referral in the queue");
  await Promise.all([page.waitForURL((u) => u.pathname === first), page.keyboard.press("Enter")]);
  await audit(page, "panel-referral-liaison (desktop)");
  await tabTo(page, "form.step:has(input[value=acknowledged]) button", "Przyjmuję skierowanie");
  await Promise.all([page.waitForURL(/saved=1/), page.keyboard.press("Enter")]);
  if (!(await page.locator("p[role=status] strong").first().textContent()).includes("przyjęte")) {
    failures.push("liaison: accepting did not show the referral as przyjęte");
  }
  await tabTo(page, "nav a[href='/panel/referrals']", "the queue in the menu");
  await Promise.all([page.waitForURL(/\/panel\/referrals$/), page.keyboard.press("Enter")]);
  await tabTo(page, `tbody a[href="${second}"]`, "the second referral in the queue");
  await Promise.all([page.waitForURL((u) => u.pathname === second), page.keyboard.press("Enter")]);
  await tabTo(page, "#reason", "the decline reason");
  for (let i = 0; i < 12 && (await page.inputValue("#reason")) !== "no_capacity"; i++) {
    await page.keyboard.press("ArrowDown");
  }
  await typeInto(page, [["#decline-note", "Brak miejsc do końca miesiąca"]]);
  await tabTo(page, "form.step:has(#reason) button", "the decline button");
  await Promise.all([page.waitForURL(/saved=1/), page.keyboard.press("Enter")]);
  if (!(await page.locator("p[role=status] strong").first().textContent()).includes("odrzucone")) {
    failures.push("liaison: declining did not show the referral as odrzucone");
  }
  console.log("liaison: accepted one referral, declined one with a reason");

  // A form whose token is not the session's changes nothing; an ended session asks to sign in.
  await page.goto(base + first);
  await page.evaluate(() => { for (const i of document.querySelectorAll("input[name=csrf]")) i.value = "forged"; });
  const forged = await Promise.all([page.waitForNavigation(), page.click("#note-text + button, form[action$=notes] button")]);
  if ((await forged[0].status()) !== 403) { failures.push(`panel csrf: ${await forged[0].status()}, expected 403`); }
  await audit(page, "panel-stale-form (desktop)");
  await page.goto(base + first);
  await page.context().clearCookies();
  await page.fill("#note-text", "Po wygaśnięciu sesji");
  await Promise.all([page.waitForURL(/\/panel\/login/), page.click("form[action$=notes] button")]);
  console.log("panel: forged form refused (403), expired session sent to sign-in");
  await page.done();

  await front.goto(base + "/panel");
  if ((await front.locator(`a[href="${second}"]`).count()) === 0) {
    failures.push("front desk: the declined referral is not on the counter screen");
  }
  await front.goto(base + second);
  await front.waitForSelector("#elsewhere-title");
  await audit(front, "panel-send-elsewhere (desktop)");
  await front.done();
  // The liaison's pages at both sizes and 200 % zoom.
  await visitSignedIn("/panel/referrals", "panel-queue", liaison);
  await visitSignedIn(first, "panel-referral-liaison", liaison);
  await visitSignedIn("/panel/services", "panel-offers", liaison);
  const offers = await signedInPage({ viewport: sizes.desktop }, liaison);
  await offers.goto(base + "/panel/services");
  const edit = await offers.locator("a[href$='/edit']").first().getAttribute("href");
  await offers.done();
  await visitSignedIn(edit, "panel-offer-edit", liaison);
} else {
  failures.push("set LIAISON_EMAIL and LIAISON_PASSWORD");
}

// The resident withdraws consent on the tracking page, after confirming.
if (trackingCode) {
  const page = await newPage({ viewport: sizes.mobile });
  await page.goto(base + "/embed/track?lang=pl");
  await page.fill("#code", trackingCode);
  await Promise.all([page.waitForSelector("#withdraw-title"), page.click("form button[type=submit]")]);
  await page.check("#confirm");
  await Promise.all([page.waitForNavigation(), page.click("section[aria-labelledby=withdraw-title] button")]);
  if ((await page.locator("#withdraw-title").count()) !== 0) {
    failures.push("track: consent not withdrawn");
  }
  await audit(page, "track-withdrawn (mobile)");
  await page.done();
  console.log("track: consent withdrawn with confirmation");
}

// The example municipal page, served by its own (loopback) web server on another port, so
// another origin, with both embeddings.
{
  const html = readFileSync(new URL("../../examples/gmina.html", import.meta.url), "utf8")
    .replaceAll('src="/embed', `src="${base}/embed`);
  const site = createServer((req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }); res.end(html); });
  await new Promise((ok) => site.listen(0, "127.0.0.1", ok));
  const context = await browser.newContext({ viewport: sizes.desktop });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${site.address().port}/gmina.html`);
  const frames = page.locator("iframe[data-okienko]");
  await frames.first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("iframe[data-okienko]")]
    .every((f) => parseFloat(f.style.height || "0") > 400), null, { timeout: 15000 })
    .catch(() => failures.push("example: an iframe did not take its content's height"));
  const count = await frames.count();
  if (count !== 2) { failures.push(`example: ${count} embedded frames, expected 2`); }
  const src = await frames.first().getAttribute("src");
  if (!src.includes("accent=%237a1f2b")) { failures.push(`example: the theme did not reach the frame (${src})`); }
  await audit(page, "example page");
  await page.screenshot({ path: `${shots}/example-desktop.png`, fullPage: true });
  await context.close();
  site.close();
}

await browser.close();
if (failures.length) {
  console.error("FAILED:\n" + failures.join("\n"));
  process.exit(1);
}
console.log(`browser checks passed; screenshots in ${shots}/`);
