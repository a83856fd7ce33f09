// Loaded first in <body>, as GOV.UK Frontend's template does inline: components style themselves for
// script only when it runs. A file rather than inline script, so the console's CSP can forbid inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
