import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_BULK_ROWS } from "@/lib/schemas/onboarding";
import { parseBulkCsv, type ParsedRow } from "./parse-csv";

const lines = (...l: string[]) => l.join("\n");
const fields = (r: ParsedRow) => ({
  email: r.email,
  orgRoles: r.orgRoles,
  teams: r.teams,
  projects: r.projects,
  preset: r.preset,
  problems: r.problems,
});

describe("parseBulkCsv: the header", () => {
  it("maps aliases whatever their case and punctuation, and lists what it ignores", () => {
    const p = parseBulkCsv(
      lines("E-Mail Address,Org Roles,Team Names,Projects,Template,Department", "a@x.io"),
    );
    expect(p.headers).toEqual([
      "E-Mail Address",
      "Org Roles",
      "Team Names",
      "Projects",
      "Template",
      "Department",
    ]);
    expect(p.mapping).toEqual({
      "E-Mail Address": "email",
      "Org Roles": "orgRoles",
      "Team Names": "teams",
      Projects: "projectRoles",
      Template: "preset",
      Department: null,
    });
    expect(p.unknownHeaders).toEqual(["Department"]);
    expect(p.missingFields).toEqual([]);
    expect(p.hasHeader).toBe(true);
  });

  it("no e-mail column: missingFields names it and every row says so", () => {
    const p = parseBulkCsv(lines("name,team", "Ada,Blue", "Bob,Red"));
    expect(p.missingFields).toEqual(["email"]);
    expect(p.rows).toHaveLength(2);
    expect(p.rows[0]?.problems).toEqual([
      { field: "email", reason: "is missing (the file has no e-mail column)" },
    ]);
  });

  it("a mapping override replaces the automatic match for the headers it names", () => {
    const text = lines("Work address,Groups,email", "ada@x.io,Blue|Red,old@x.io");
    const auto = parseBulkCsv(text);
    expect(auto.mapping).toEqual({ "Work address": null, Groups: null, email: "email" });
    expect(auto.rows[0]?.email).toBe("old@x.io");

    const p = parseBulkCsv(text, { mapping: { "Work address": "email", Groups: "teams", email: null } });
    expect(p.mapping).toEqual({ "Work address": "email", Groups: "teams", email: null });
    expect(p.unknownHeaders).toEqual([]);
    expect(p.rows[0]).toMatchObject({ email: "ada@x.io", teams: ["Blue", "Red"] });
  });

  it("a second column for e-mail is ignored and named; list fields merge their columns", () => {
    const p = parseBulkCsv(lines("email,mail,team,team,x", "a@x.io,b@x.io,Blue,Red,"));
    expect(p.headers).toEqual(["email", "mail", "team", "team (2)", "x"]);
    expect(p.duplicateHeaders).toEqual(["mail"]);
    expect(p.rows[0]).toMatchObject({ email: "a@x.io", teams: ["Blue", "Red"] });
  });

  it("a header named __proto__ is an ordinary column", () => {
    const p = parseBulkCsv("email,__proto__,constructor\na@x.io,x,y");
    expect(Object.keys(p.mapping)).toEqual(["email", "__proto__", "constructor"]);
    expect(p.unknownHeaders).toEqual(["__proto__", "constructor"]);
    expect(p.rows[0]?.original).toEqual(JSON.parse('{"email":"a@x.io","__proto__":"x","constructor":"y"}'));
    expect(Object.getPrototypeOf(p.rows[0]?.original)).toBe(Object.prototype);
  });

  it("blank header cells are named by position; listed as unknown only when they hold data", () => {
    const p = parseBulkCsv(lines("email,,", "a@x.io,,note"));
    expect(p.headers).toEqual(["email", "column 2", "column 3"]);
    expect(p.unknownHeaders).toEqual(["column 3"]);
  });
});

describe("parseBulkCsv: forgiving input", () => {
  const plain = lines(
    "email,orgRoles,teams,projectRoles,preset",
    "ada@x.io,ORG_MEMBER,Blue,Analytics:GROUP_READ_ONLY,",
    "Bob@X.io ,org owner|billing admin,Blue|Red,Analytics:read only+owner|Web:GROUP_OWNER,Engineers",
    "carol@x.io,,,,",
  );
  const semicolon = lines(
    "email;orgRoles;teams;projectRoles;preset",
    "ada@x.io;ORG_MEMBER;Blue;Analytics:GROUP_READ_ONLY;",
    '"Bob@X.io ";"org owner|billing admin";Blue|Red;"Analytics:read only+owner|Web:GROUP_OWNER";Engineers',
    "carol@x.io;;;;",
  );

  it("BOM, CRLF, CR, tab, ';' and 'sep=;' give the same rows", () => {
    const expected = parseBulkCsv(plain).rows.map(fields);
    expect(expected).toHaveLength(3);
    expect(expected[1]).toEqual({
      email: "bob@x.io",
      orgRoles: ["ORG_OWNER", "ORG_BILLING_ADMIN"],
      teams: ["Blue", "Red"],
      projects: [
        { project: "Analytics", roles: ["GROUP_READ_ONLY", "GROUP_OWNER"] },
        { project: "Web", roles: ["GROUP_OWNER"] },
      ],
      preset: "Engineers",
      problems: [],
    });
    const variants: [string, string][] = [
      ["\uFEFF" + plain, ","],
      [plain.replace(/\n/g, "\r\n"), ","],
      [plain.replace(/\n/g, "\r"), ","],
      [plain.replace(/,/g, "\t"), "\t"],
      [semicolon, ";"],
      ["\uFEFFsep=;\r\n" + semicolon.replace(/\n/g, "\r\n") + "\r\n\r\n", ";"],
      [plain + "\n\n  \n,,,,\n", ","],
    ];
    for (const [text, delimiter] of variants) {
      const p = parseBulkCsv(text);
      expect(p.delimiter).toBe(delimiter);
      expect(p.rows.map(fields)).toEqual(expected);
      expect(p.rows.map((r) => r.line)).toEqual([1, 2, 3]);
    }
  });

  it("an Excel ';' export with quoted cells holding commas", () => {
    const p = parseBulkCsv(
      lines("sep=;", '"E-mail";"Teams";"Notes"', '"a@x.io";"Blue";"Smith, Ada; from Sales"'),
    );
    expect(p.delimiter).toBe(";");
    expect(p.rows[0]).toMatchObject({
      email: "a@x.io",
      teams: ["Blue"],
      original: { Notes: "Smith, Ada; from Sales" },
    });
    const noHint = parseBulkCsv(lines("email;teams;notes", 'a@x.io;"Blue";"Smith, Ada, Sales, Ops"'));
    expect(noHint.delimiter).toBe(";");
    expect(noHint.rows[0]?.problems).toEqual([]);
  });

  it("a one-column file of addresses", () => {
    const p = parseBulkCsv("Email\r\na@x.io\r\nb@x.io\r\n");
    expect(p.delimiter).toBe(",");
    expect(p.rows.map((r) => r.email)).toEqual(["a@x.io", "b@x.io"]);
  });

  it("a paste of bare addresses has no header: every line is a row", () => {
    const p = parseBulkCsv(" Ada@X.io\nb@x.io\n\nnot-an-address\n");
    expect(p.hasHeader).toBe(false);
    expect(p.headers).toEqual(["email"]);
    expect(p.mapping).toEqual({ email: "email" });
    expect(p.rows.map((r) => [r.line, r.email])).toEqual([
      [1, "ada@x.io"],
      [2, "b@x.io"],
      [4, "not-an-address"],
    ]);
    expect(p.rows[2]?.problems).toEqual([{ field: "email", reason: "is not a valid e-mail address" }]);
  });

  it("several addresses on one pasted line are not silently dropped", () => {
    const p = parseBulkCsv("a@x.io, b@x.io\nc@x.io");
    expect(p.rows[0]?.problems).toEqual([
      {
        field: "email",
        reason: 'is followed by 1 more cell than the header has (quote a cell that holds ",")',
      },
    ]);
    expect(p.rows[1]?.problems).toEqual([]);
  });

  it("line numbers count blank lines and skip the header; a multi-line quoted cell is one line", () => {
    const p = parseBulkCsv(lines("", "email,teams", "a@x.io,Blue", "", 'b@x.io,"Blue', 'Red"', "c@x.io,"));
    expect(p.rows.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(p.rows[1]?.problems).toEqual([{ field: "teams", reason: "contains a control character" }]);
  });
});

describe("parseBulkCsv: problems", () => {
  const one = (row: string, header = "email,orgRoles,teams,projectRoles,preset") =>
    parseBulkCsv(lines(header, row)).rows[0]!;

  it("bad e-mail, missing e-mail", () => {
    expect(one("ada@,ORG_MEMBER").problems).toEqual([
      { field: "email", reason: "is not a valid e-mail address" },
    ]);
    expect(one(",ORG_MEMBER").problems).toEqual([{ field: "email", reason: "is missing" }]);
    expect(one(",ORG_MEMBER").email).toBe("");
  });

  it("unknown organization role, named as written", () => {
    expect(one("a@x.io,FOO|org member|Bar").problems).toEqual([
      { field: "orgRoles", reason: "unknown organization role 'FOO'" },
      { field: "orgRoles", reason: "unknown organization role 'Bar'" },
    ]);
  });

  it("project pairs: syntax and role", () => {
    expect(one("a@x.io,,,Analytics").problems).toEqual([
      {
        field: "projectRoles",
        reason: "'Analytics' is not written project:ROLE (such as Analytics:GROUP_READ_ONLY)",
      },
    ]);
    expect(one("a@x.io,,,Analytics:ORG_OWNER+owner").problems).toEqual([
      { field: "projectRoles", reason: "unknown project role 'ORG_OWNER' for 'Analytics'" },
    ]);
    const merged = one("a@x.io,,,Analytics:owner|analytics:read only|0123456789abcdef01234567:GROUP_OWNER");
    expect(merged.projects).toEqual([
      { project: "Analytics", roles: ["GROUP_OWNER", "GROUP_READ_ONLY"] },
      { project: "0123456789abcdef01234567", roles: ["GROUP_OWNER"] },
    ]);
  });

  it("control characters and NUL bytes are problems, never a crash", () => {
    const r = one("a\u0000b@x.io,ORG_MEMBER,Bl\u0007ue,,Pre\u001bset");
    expect(r.problems).toEqual([
      { field: "email", reason: "contains a control character" },
      { field: "teams", reason: "contains a control character" },
      { field: "preset", reason: "contains a control character" },
    ]);
    expect(r.email).toBe("ab@x.io");
    expect(r.teams).toEqual([]);
    expect(r.preset).toBeNull();
  });

  it("a cell over 1000 characters, a list over 100 values", () => {
    expect(one(`a@x.io,,${"t".repeat(1001)}`).problems).toEqual([
      { field: "teams", reason: "is longer than 1000 characters" },
    ]);
    const teams = Array.from({ length: 101 }, (_, i) => `t${i}`).join("|");
    expect(one(`a@x.io,,${teams}`).problems).toEqual([
      { field: "teams", reason: "has more than 100 values" },
    ]);
    expect(one(`a@x.io,,${teams.split("|").slice(0, 100).join("|")}`).teams).toHaveLength(100);
  });

  it("an unclosed quote is named, and the file still parses", () => {
    const p = parseBulkCsv(lines("email,teams", 'a@x.io,"Blue', "b@x.io,Red"));
    expect(p.rows.length).toBeGreaterThanOrEqual(1);
    expect(p.rows[0]?.problems.map((x) => x.field)).toContain("teams");
  });

  it("teams as written, de-duplicated; preset trimmed", () => {
    const r = one("a@x.io,,Blue | blue |Blue| 0123456789abcdef01234567 ,,  Engineers ");
    expect(r.teams).toEqual(["Blue", "blue", "0123456789abcdef01234567"]);
    expect(r.preset).toBe("Engineers");
    expect(r.original).toEqual({
      email: "a@x.io",
      orgRoles: "",
      teams: "Blue | blue |Blue| 0123456789abcdef01234567",
      projectRoles: "",
      preset: "Engineers",
    });
  });
});

describe("parseBulkCsv: limits", () => {
  const file = (n: number) => ["email", ...Array.from({ length: n }, (_, i) => `u${i}@x.io`)].join("\n");

  it(`${MAX_BULK_ROWS} data lines are taken, one more is too many`, () => {
    const ok = parseBulkCsv(file(MAX_BULK_ROWS) + "\n\n");
    expect(ok.tooMany).toBe(false);
    expect(ok.rows).toHaveLength(MAX_BULK_ROWS);
    const over = parseBulkCsv(file(MAX_BULK_ROWS + 1));
    expect(over).toMatchObject({ tooMany: true, dataLines: MAX_BULK_ROWS + 1, rows: [], missingFields: [] });
  });

  it("empty and blank inputs", () => {
    for (const t of ["", "\uFEFF", "\n\n", " , , \r\n", "sep=;"]) {
      const p = parseBulkCsv(t);
      expect(p).toMatchObject({ rows: [], dataLines: 0, tooMany: false, missingFields: ["email"] });
    }
  });
});

describe("parseBulkCsv: properties", () => {
  // Blank by the parser's own definition is checked against an independent one: Papa's records, all cells blank.
  it("any text: never throws, one row per non-blank data line, lines increasing", () => {
    const char = fc.constantFrom(
      "a",
      "@",
      ".",
      ",",
      ";",
      "\t",
      '"',
      "\n",
      "\r",
      " ",
      "|",
      ":",
      "+",
      "\u0000",
      "é",
      "\uFEFF",
    );
    const text = fc.oneof(
      fc.string({ maxLength: 4000 }),
      fc.array(char, { maxLength: 4000 }).map((a) => a.join("")),
    );
    fc.assert(
      fc.property(text, (t) => {
        const p = parseBulkCsv(t);
        expect(p.rows.length).toBe(p.dataLines);
        const ls = p.rows.map((r) => r.line);
        expect(ls.every((l, i) => l >= 1 && (i === 0 || l > ls[i - 1]!))).toBe(true);
        for (const r of p.rows)
          expect(Object.values(r.original).some((c) => c !== "") || r.problems.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("generated files: rows are the non-blank generated lines, whatever the delimiter and line ending", () => {
    const cell = fc.oneof(
      fc.constantFrom("", " ", "a@x.io", "Blue|Red", "p:GROUP_OWNER", "x, y", 'say "hi"', "multi\nline"),
      fc.string({ maxLength: 12 }),
    );
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 40 }),
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        (data, d, eol, bom) => {
          const text =
            (bom ? "\uFEFF" : "") +
            ["email", "teams", "notes"].join(d) +
            eol +
            data.map((r) => r.map(quote).join(d)).join(eol);
          const p = parseBulkCsv(text);
          expect(p.delimiter).toBe(d);
          const expected = data
            .map((r, i) => ({ r, line: i + 1 }))
            .filter(({ r }) => r.some((c) => c.trim() !== ""));
          expect(p.rows.map((r) => r.line)).toEqual(expected.map((e) => e.line));
          // The cells come back as written (trimmed; line breaks as "\n", as the parser reads them).
          expect(p.rows.map((r) => r.original.notes)).toEqual(
            expected.map((e) => e.r[2]!.replace(/\r\n?/g, "\n").trim()),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("variants of one file (BOM, CRLF, CR, ';', tab, sep=) give the same rows", () => {
    const cell = fc.constantFrom(
      "",
      "a@x.io",
      " B@X.io ",
      "bad@",
      "org member|FOO",
      "Blue|Red, Inc",
      "Web:owner+read only|Analytics:GROUP_READ_ONLY",
      "Web",
      'say "hi"',
      "Engineers",
    );
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 20 }), (data) => {
        const header = ["email", "orgRoles", "teams", "projectRoles", "preset"];
        const write = (d: string, eol: string) =>
          [header, ...data].map((r) => r.map(quote).join(d)).join(eol) + eol;
        const base = parseBulkCsv(write(",", "\n")).rows;
        for (const text of [
          "\uFEFF" + write(",", "\r\n"),
          write(",", "\r"),
          write(";", "\n"),
          "sep=;\r\n" + write(";", "\r\n"),
          write("\t", "\n"),
        ])
          expect(parseBulkCsv(text).rows).toEqual(base);
      }),
      { numRuns: 150 },
    );
  });

  it("the header line decides the delimiter: '|' and ';' inside cells stay list separators", () => {
    const p = parseBulkCsv("email,teams\na@x.io,Blue|Red\nb@x.io,Green;Red");
    expect(p.delimiter).toBe(",");
    expect(p.rows.map((r) => r.teams)).toEqual([
      ["Blue", "Red"],
      ["Green", "Red"],
    ]);
    expect(parseBulkCsv("Email\na@x.io;b@x.io").rows[0]?.problems).toEqual([
      { field: "email", reason: "is not a valid e-mail address" },
    ]);
  });
});

describe("public/bulk-invite-example.csv", () => {
  it("parses without a problem, in every way the format allows", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL("../../public/bulk-invite-example.csv", import.meta.url), "utf8");
    const p = parseBulkCsv(text);
    expect(p).toMatchObject({ delimiter: ",", unknownHeaders: [], missingFields: [], tooMany: false });
    expect(p.rows.length).toBeGreaterThanOrEqual(6);
    expect(p.rows.flatMap((r) => r.problems)).toEqual([]);
    expect(p.rows.find((r) => r.email.startsWith("ken."))).toMatchObject({
      orgRoles: ["ORG_MEMBER", "ORG_BILLING_READ_ONLY"],
      projects: [
        { project: "Production", roles: ["GROUP_READ_ONLY"] },
        { project: "Staging", roles: ["GROUP_OWNER", "GROUP_CLUSTER_MANAGER"] },
      ],
    });
    expect(p.rows.filter((r) => r.preset === "Engineers")).toHaveLength(2);
  });
});
