/** Whether a body is a web page: by its content type, or by how its text starts. Pure, never throws. */
export function looksLikeHtml(text: string | null | undefined, contentType: string | null | undefined): boolean {
  if (contentType && /text\/html|application\/xhtml/i.test(contentType)) return true;
  return !!text && /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text);
}
