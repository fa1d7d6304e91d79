/** Where the portal shows a public article: the link an agent gives a customer in a reply (the portal's page, without zod for the console). */
export const publicArticlePath = (id: string) => `/portal/knowledge/${id}`;
