import { Alert, Badge, Chip, type CSSVariablesResolver, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'grape',
  primaryShade: { light: 8 },
  // Where black and white text on a colour read equally well under WCAG (4.58:1 each): autoContrast
  // then always picks the better one. Mantine's default (0.3) put white on colours too light for it.
  luminanceThreshold: 0.179,
  // Staff who ask their system for less motion get drawers and modals that appear without sliding.
  respectReducedMotion: true,
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A light alert's title is drawn in its colour on its own tint: orange, yellow, teal and green come
    // out at 1.9–3.7:1, under WCAG's 4.5:1. Every light alert's title is dark; the tint and the icon
    // carry the colour, and red and blue alerts read the same as the others.
    Alert: Alert.extend({
      styles: (_theme, props) => ((props.variant ?? 'light') === 'light' ? { title: { color: 'var(--mantine-color-dark-8)' } } : {}),
    }),
    // The same for a light badge's words and a checked light chip's; a filled badge picks black or
    // white words by its colour (white on orange, green or teal is under 4.5:1).
    Badge: Badge.extend({
      defaultProps: { autoContrast: true },
      styles: (_theme, props) => (props.variant === 'light' ? { root: { color: 'var(--mantine-color-dark-8)' } } : {}),
    }),
    Chip: Chip.extend({
      styles: (_theme, props) => (props.variant === 'light' ? { label: { color: 'var(--mantine-color-dark-8)' } } : {}),
    }),
    Card: { defaultProps: { withBorder: true } },
    Paper: { defaultProps: { withBorder: true } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } },
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    },
  },
});

/** Mantine's dimmed grey is under 4.5:1 on white; staff read these lines all day, so darken it. */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
