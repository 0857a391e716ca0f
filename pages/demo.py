"""The demo's brand: a made-up publisher with its own name, logo and colour."""

BRAND = {
    "site_name": "Northlight Health",
    "primary_colour": "#005f73",
    "footer_text": "Northlight Health is a demonstration site: its articles were written to show this "
    "publishing software and are not medical advice.",
}

# A hand-drawn mark: a rounded square with a rising light and a horizon.
LOGO_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <title>Northlight Health</title>
  <rect width="64" height="64" rx="14" fill="#ffffff"/>
  <rect x="4" y="4" width="56" height="56" rx="11" fill="#005f73"/>
  <circle cx="32" cy="38" r="13" fill="#ffd166"/>
  <rect x="4" y="38" width="56" height="22" rx="0" fill="#005f73"/>
  <path d="M10 40h44" stroke="#ffffff" stroke-width="4" stroke-linecap="round"/>
  <path d="M32 10v8M16 18l5 5M48 18l-5 5" stroke="#ffd166" stroke-width="4" stroke-linecap="round"/>
</svg>
"""
