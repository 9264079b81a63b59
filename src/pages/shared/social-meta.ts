import { Html, html } from './html';

/** What a link preview shows (Open Graph, read by most networks and chat apps; X's own tags). */
export interface SocialMeta {
  title: string;
  description: string;
  /** Absolute URLs: crawlers resolve nothing relative. */
  url: string;
  image: string;
  imageAlt: string;
  imageWidth: number;
  imageHeight: number;
}

/** The <head> tags; every value goes through html``, so a title with quotes or <tags> stays text. */
export function socialMetaTags(m: SocialMeta): Html {
  return html`<meta name="description" content="${m.description}">
<link rel="canonical" href="${m.url}">
<meta property="og:type" content="website">
<meta property="og:title" content="${m.title}">
<meta property="og:description" content="${m.description}">
<meta property="og:url" content="${m.url}">
<meta property="og:image" content="${m.image}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${m.imageWidth}">
<meta property="og:image:height" content="${m.imageHeight}">
<meta property="og:image:alt" content="${m.imageAlt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${m.title}">
<meta name="twitter:description" content="${m.description}">
<meta name="twitter:image" content="${m.image}">
<meta name="twitter:image:alt" content="${m.imageAlt}">
`;
}
