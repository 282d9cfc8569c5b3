// Runs first thing in <body> (a blocking script, from a file so the Content-Security-Policy
// needs no inline script): GOV.UK Frontend styles components for JavaScript only when these
// classes are present, so adding them before the page paints avoids a flash of the no-JS look.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
