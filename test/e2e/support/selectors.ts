/**
 * Every CSS selector the e2e helpers rely on, in one place.
 *
 * VS Code's DOM is not an API: these were read off the live DOM of
 * code-server 4.99.4 (VS Code 1.99.3) and each one is exercised by
 * test/e2e/infrastructure.test.ts. When code-server is upgraded, run that test
 * first; a broken selector shows up there, next to its name here.
 */
export const sel = {
  /** Root of the whole workbench; present once the web client has booted. */
  workbench: '.monaco-workbench',
  /**
   * The remote indicator at the far left of the status bar. code-server
   * always shows it; it appears a little after the workbench root, once the
   * status bar is being filled.
   */
  remoteIndicator: '.part.statusbar #status\\.host',
  /**
   * The Problems counter in the status bar. Among the last entries to appear
   * at startup (about half a second after the remote indicator), so its
   * presence means the status bar contributions are up.
   */
  problemsStatus: '.part.statusbar #status\\.problems',
  /** Any status bar entry; its text is what a user reads there. */
  statusBarItem: '.part.statusbar .statusbar-item',
  /** Explorer rows; a row appears once the server's file system answered. */
  explorerRow: '.part.sidebar .explorer-folders-view .monaco-list-row',

  /** A modal dialog box (workspace trust prompt, reload prompts, confirmations). */
  dialog: '.monaco-dialog-box',
  /** A button inside a modal dialog; its text is the button label. */
  dialogButton: '.monaco-dialog-box a.monaco-button',

  /** The Quick Open / Command Palette widget (shared quick input). */
  quickInput: '.quick-input-widget',
  /** Its text box. */
  quickInputBox: '.quick-input-widget .quick-input-box input',
  /** The title an extension's input box shows (`showInputBox({ title })`). */
  quickInputTitle: '.quick-input-widget .quick-input-title',
  /**
   * One entry of the quick input list. Its aria-label is the entry's label:
   * the command title in the palette, "<file name>, file results" in Quick Open.
   */
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  /** Within a quick input row: the main label (command title / file base name). */
  quickInputRowLabel: '.label-name',

  /**
   * The code editor of the active editor group. data-uri holds the document
   * URI (vscode-remote://host/abs/path). Excludes the diff/peek/inline editors
   * that also carry .monaco-editor by anchoring on the group's editor container.
   */
  activeEditor: '.part.editor .editor-group-container.active .editor-container .editor-instance > .monaco-editor',
  /** Within an editor: one rendered text line (absolute `top` gives its order). */
  viewLine: '.view-lines .view-line',
  /** Within an editor: one line-number cell in the gutter, at the same `top` as its line. */
  lineNumberCell: '.margin-view-overlays > div',
  /** Within an editor: the element that is translated as the editor scrolls. */
  linesContent: '.lines-content',
  /** Within an editor: the scrollable area that takes wheel events. */
  editorScrollable: '.monaco-scrollable-element.editor-scrollable',
  /**
   * Within an editor: the vertical scrollbar track (child of editorScrollable).
   * A click on the track moves the view there (it does not page).
   */
  verticalScrollbar: '.scrollbar.vertical',
  /** Within an editor: one code lens link (an <a> inside the lens decoration). */
  codeLensLink: '.codelens-decoration a',

  /**
   * The content hover (hover provider results, diagnostics under the mouse).
   * The editor also keeps a glyph-margin hover with the same class that stays
   * `.hidden`; only the visible one is wanted.
   */
  hover: '.monaco-hover:not(.hidden)',
  hoverContent: '.monaco-hover:not(.hidden) .monaco-hover-content',

  /** The code action menu opened by Ctrl+. (also by the light bulb). */
  actionWidget: '.action-widget',
  /** One selectable code action in it; aria-label is its title. Group headers are not `.action`. */
  actionWidgetItem: '.action-widget .monaco-list-row.action',
  /** The code action the arrow keys have moved to; Enter applies it. */
  actionWidgetFocusedItem: '.action-widget .monaco-list-row.action.focused',

  /** The Problems view body. */
  problemsPanel: '.markers-panel',
  /** One row of the problems tree: aria-level 1 = file, 2 = problem. */
  problemsRow: '.markers-panel .monaco-list-row[role="treeitem"]',
  problemMessage: '.marker-message',
  problemSource: '.marker-source',
  problemCode: '.marker-code',
  /** "[Ln 2, Col 9]". */
  problemPosition: '.marker-line',
  /** Severity icon; its class list holds error / warning / info. */
  problemIcon: '.marker-icon',
  /** Within a file row: the file icon label, whose aria-label is the absolute path. */
  problemFilePath: '.monaco-icon-label',
  /** Within a file row: the file name shown (fallback when there is no path). */
  problemFileName: '.label-name',
  /** Hidden element whose aria-label is "Showing N problems" (or "Showing N of M"). */
  problemsSummary: '#markers-panel-arialabel',

  /** Notification toasts at the bottom right; message text per toast. */
  notificationMessage: '.notifications-toasts .notification-list-item-message',

  /** Status bar entry "Restricted Mode"; exists only while the workspace is untrusted. */
  restrictedModeStatus: '.part.statusbar #status\\.workspaceTrust',
  /** The Workspace Trust editor (Workspaces: Manage Workspace Trust). */
  trustEditor: '.workspace-trust-editor',
  /** Its header; carries workspace-trust-trusted / workspace-trust-untrusted. */
  trustEditorHeader: '.workspace-trust-editor .workspace-trust-header',
  trustEditorHeaderTrusted: '.workspace-trust-editor .workspace-trust-header.workspace-trust-trusted',
  /** Buttons in the "In a Trusted Folder" card: "Trust", "Trust Parent". */
  trustEditorTrustButton: '.workspace-trust-editor .workspace-trust-limitations.trusted a.monaco-button',
  /** Rows of the "Trusted Folders & Workspaces" table. */
  trustedFolderRow: '.workspace-trust-editor .trusted-uris-table .monaco-list-row',
  /** Within a row: marks an entry that covers the open workspace (shown bold). */
  trustedFolderCoversWorkspace: '.current-workspace-parent',
  /** The per-row action that removes a trusted folder. */
  trustedFolderRemove: '.action-label.codicon-workspace-trust-editor-remove-folder',
} as const;

/** Labels VS Code 1.99 shows, matched as text (English UI). */
export const labels = {
  trustDialogYes: 'Yes, I trust the authors',
  trustDialogNo: "No, I don't trust the authors",
  manageTrustCommand: 'Workspaces: Manage Workspace Trust',
  // A pure focus; "View: Toggle Problems" and the Ctrl+Shift+M action close it when focused.
  focusProblemsCommand: 'Problems: Focus on Problems View',
  closeEditorCommand: 'View: Close Editor',
} as const;
