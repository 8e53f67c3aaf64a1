// The VS Code theme variables the rollout page uses, with the default values of the Dark+ (`dark`), Light+
// (`light`) and High Contrast (`hcDark`) themes as registered in microsoft/vscode
// src/vs/platform/theme/common/colors/{baseColors,chartsColors,editorColors,inputColors,listColors,miscColors}.ts
// and src/vs/workbench/contrib/testing/browser/theme.ts. VS Code sets them on <html> and the theme kind as a body
// class (`vscode-light`, `vscode-dark`, `vscode-high-contrast`); null in the registry = not set at all.

export type ThemeKind = 'light' | 'dark' | 'hc';

export interface Theme {
  bodyClass: string;
  vars: Record<string, string>;
}

const FONT = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
};

export const THEMES: Record<ThemeKind, Theme> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...FONT,
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#ccccccb3',
      '--vscode-disabledForeground': '#cccccc80',
      '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-textLink-foreground': '#3794ff',
      '--vscode-textBlockQuote-background': '#222222',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-background': '#0e639c',
      '--vscode-button-hoverBackground': '#1177bb',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryBackground': '#3a3d41',
      '--vscode-button-secondaryHoverBackground': '#45494e',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-badge-background': '#4d4d4d',
      '--vscode-panel-border': '#80808059',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-charts-foreground': '#cccccc',
      '--vscode-charts-lines': '#cccccc80',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-green': '#89d185',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...FONT,
      '--vscode-foreground': '#616161',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-disabledForeground': '#61616180',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-focusBorder': '#0090f1',
      '--vscode-editor-background': '#ffffff',
      '--vscode-textLink-foreground': '#006ab1',
      '--vscode-textBlockQuote-background': '#f2f2f2',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-background': '#007acc',
      '--vscode-button-hoverBackground': '#0062a3',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryBackground': '#5f6a79',
      '--vscode-button-secondaryHoverBackground': '#4c5561',
      '--vscode-badge-foreground': '#333333',
      '--vscode-badge-background': '#c4c4c4',
      '--vscode-panel-border': '#80808059',
      '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-charts-foreground': '#616161',
      '--vscode-charts-lines': '#61616180',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-green': '#388a34',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...FONT,
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-disabledForeground': '#a5a5a5',
      '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-editor-background': '#000000',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-badge-background': '#000000',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-inputValidation-warningBorder': '#6fc3df',
      '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': '#ffffff80',
      '--vscode-charts-red': '#f48771',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd370',
      '--vscode-charts-green': '#89d185',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
};
