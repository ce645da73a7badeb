/** The socket.io room of desktops watching the board (`board:watch`), sent `board:updated` on changes. */
export const BOARD_ROOM = 'board'
