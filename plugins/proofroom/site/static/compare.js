/* Proofroom review pages: compare. See proofroom.js for the conventions. */
