import "server-only";

// Slack reads `&`, `<` and `>` in a message's text as markup: `<!channel>` notifies everyone in the channel,
// `<https://example.com|Reset password>` is a link under any words, `<@U123>` a mention. Names and addresses
// come from Atlas or from people, so every piece of them in a webhook's `text` is escaped the way Slack
// requires (https://api.slack.com/reference/surfaces/formatting#escaping); the console's own markup
// (`*bold*`, bullets) is written around the escaped pieces.

/** `text` with &, < and > escaped for Slack (&amp; &lt; &gt;): shown as written, never as a link or mention. */
export function escapeSlackText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
