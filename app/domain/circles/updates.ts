import { z } from "zod";
import { postTextSchema } from "../conversations/shared";

// The circle's updates board: what is safe in the browser.

/** The form that posts an update. */
export const circleUpdateSchema = z.object({ body: postTextSchema });

/** How many updates one page of the board shows. */
export const UPDATES_PAGE_SIZE = 20;
