export declare const ALONE_FILES: string[]
