const MASK = "[redacted]";

/**
 * Removes secrets from text that may reach logs, check runs or error messages. An alert address
 * is a credential (the path of a Slack or Discord webhook, the key of a Google Chat one), so the
 * URL is masked in every form a receiver might echo it: whole, without scheme, and its path and
 * query alone; tokens and proxy credentials likewise.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.trim() === "") continue;
    for (const variant of variantsOf(secret.trim())) if (variant.length >= 4) needles.add(variant);
  }
  // Longest first, so a whole URL is masked before its path is.
  let result = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) result = result.split(needle).join(MASK);
  return result;
}

function variantsOf(secret: string): string[] {
  const variants = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  let url: URL | undefined;
  try {
    url = new URL(secret);
  } catch {
    return variants;
  }
  variants.push(url.href, url.href.replace(/^[a-z]+:\/\//i, ""), `${url.host}${url.pathname}`);
  const tail = `${url.pathname}${url.search}`;
  if (tail.length > 1) variants.push(tail);
  if (url.pathname.length > 1) variants.push(url.pathname);
  if (url.search.length > 1) variants.push(url.search);
  if (url.username !== "") variants.push(url.username, decodeURIComponent(url.username));
  if (url.password !== "") variants.push(url.password, decodeURIComponent(url.password));
  return variants;
}
