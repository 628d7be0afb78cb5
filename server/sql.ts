const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE/ILIKE pattern that matches `text` literally anywhere (its %, _ and \ escaped). */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

/** A LIKE/ILIKE pattern that matches values starting with `text` literally. */
export const prefixPattern = (text: string) => `${escapeLike(text)}%`;
