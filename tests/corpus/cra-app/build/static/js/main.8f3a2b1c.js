/*! For license information please see main.8f3a2b1c.js.LICENSE.txt */
!function(){"use strict";var e={463:function(e,t,n){var r=n(791),a="{{VPK_LIVE:cra-app}}";function o(){var e=(0,r.useState)([]),t=e[0],n=e[1];return(0,r.useEffect)((function(){fetch("https://api.vibepeak.ai/v1/tasks",{headers:{Authorization:"Bearer ".concat(a)}}).then((function(e){return e.json()})).then((function(e){return n(e.data)}))}),[]),t}}}}();
//# sourceMappingURL=main.8f3a2b1c.js.map
