import { describe, expect, it } from "vitest";
import { extractLinks } from "../support/smtp";

describe("extractLinks", () => {
  it("finds hrefs with any quoting and decodes entities", () => {
    const html = `
      <a href="https://a.example/x?y=1&amp;z=2">one</a>
      <A CLASS="btn" HREF='https://b.example/'>two</A>
      <a data-x="1" href=https://c.example/path>three</a>
      <a href="https://d.example/?q=&#39;q&#x27;">four</a>
      <link href="https://not-a-link.example/style.css">`;
    expect(extractLinks(html)).toEqual([
      "https://a.example/x?y=1&z=2",
      "https://b.example/",
      "https://c.example/path",
      "https://d.example/?q='q'",
    ]);
  });

  it("returns nothing for HTML without anchors", () => {
    expect(extractLinks("<p>plain</p>")).toEqual([]);
  });
});
