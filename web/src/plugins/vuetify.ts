import 'vuetify/styles'
import { createVuetify } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'

// Components are imported à la carte by vite-plugin-vuetify; icons are SVG paths from @mdi/js (see utils/icons.ts).
export function createAppVuetify(initialTheme: 'light' | 'dark') {
  return createVuetify({
    icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
    // Below 960 px the navigation drawer becomes a temporary overlay.
    display: { mobileBreakpoint: 'md' },
    theme: {
      defaultTheme: initialTheme,
      themes: {
        light: {
          dark: false,
          colors: {
            primary: '#1565c0',
            secondary: '#455a64',
            background: '#f5f6f8',
            success: '#2e7d32',
            error: '#c62828',
            warning: '#ef6c00',
            info: '#0277bd',
          },
        },
        dark: {
          dark: true,
          colors: {
            primary: '#64b5f6',
            secondary: '#90a4ae',
            background: '#121417',
            surface: '#1c1f24',
            success: '#66bb6a',
            error: '#ef5350',
            warning: '#ffa726',
            info: '#4fc3f7',
          },
        },
      },
    },
    defaults: {
      VTextField: { variant: 'outlined', density: 'comfortable' },
      VTextarea: { variant: 'outlined', density: 'comfortable' },
      VSelect: { variant: 'outlined', density: 'comfortable' },
      VAutocomplete: { variant: 'outlined', density: 'comfortable' },
      VCard: { rounded: 'lg' },
      // Tables turn into stacked "label: value" rows on phones.
      VDataTable: { mobileBreakpoint: 'sm' },
      VBtn: { style: 'text-transform: none; letter-spacing: normal' },
    },
  })
}
